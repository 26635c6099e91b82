from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Reader feedback"

    def ready(self) -> None:
        # Imported here, as Django asks of modules that use models.
        from core import personal_data

        from . import services

        personal_data.register(
            "feedback",
            personal_data.Holder(
                order=30,
                purge=lambda: [f"{services.feedback_purge_notes()} feedback note(s)"],
                export=lambda email: {
                    "feedback_notes": services.feedback_notes_mentioning(strings=[email])
                },
                erase=lambda email: bool(services.feedback_erase_mentions(strings=[email])),
            ),
        )
