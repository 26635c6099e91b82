from django.contrib import admin

from .models import Answer, Category, Comment, ExpertProfile, OutgoingEmail, Question, Transition


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "institution", "user"]
    search_fields = ["display_name", "institution"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "category", "expert", "submitted_at", "published_at"]
    list_filter = ["status", "category"]
    list_select_related = ["category", "expert"]
    search_fields = ["title"]
    readonly_fields = ["status", "slug", "published_at", "published_answer"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["question_title", "signer", "signed_at"]
    list_select_related = ["signer"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(Transition)
admin.site.register(Comment)
admin.site.register(OutgoingEmail)
