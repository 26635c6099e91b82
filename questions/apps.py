from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Ask an expert"

    def ready(self) -> None:
        # Imported here, as Django asks of modules that use models.
        from core import dashboard, personal_data

        from . import dashboard as questions_dashboard
        from . import deidentify
        from .models import Category
        from .services import privacy

        dashboard.register(questions_dashboard.waiting_for)
        personal_data.register(
            "questions", personal_data.Holder(order=10, purge=privacy.purge_past_retention)
        )
        deidentify.register_known_names(lambda: Category.objects.values_list("name", flat=True))
