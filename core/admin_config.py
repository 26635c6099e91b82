from django.contrib.admin.apps import AdminConfig


class SiteAdminConfig(AdminConfig):
    """django.contrib.admin with our AdminSite (core/admin_site.py) as admin.site."""

    default_site = "core.admin_site.SiteAdmin"
