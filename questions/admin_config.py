from django.contrib.admin.apps import AdminConfig


class SiteAdminConfig(AdminConfig):
    """django.contrib.admin with our AdminSite (questions/admin_site.py) as admin.site."""

    default_site = "questions.admin_site.SiteAdmin"
