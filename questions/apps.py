from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = "Ask an expert"

    def ready(self) -> None:
        from . import audit  # noqa: F401 - connects the sign-in log receivers
