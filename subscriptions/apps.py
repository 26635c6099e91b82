from typing import Any

from django.apps import AppConfig
from django.db.models.signals import pre_delete


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "Email subscriptions"

    def ready(self) -> None:
        from core import personal_data
        from questions.models import Category

        from . import services

        # Subscriptions nobody confirmed go in the scheduled purge; what an address
        # holds here is answered by this app's own command (subscriber_data).
        personal_data.register(
            "subscriptions",
            personal_data.Holder(
                order=20,
                purge=lambda: [f"{services.purge_unconfirmed()} unconfirmed subscription(s)"],
            ),
        )

        # Django's own signal, as questions may not know of subscriptions: before a
        # category's rows go, its subscribers' choices are still there to read.
        def topic_removed(sender: type[Category], instance: Category, **kwargs: Any) -> None:
            services.subscriptions_topic_removed(category=instance)

        pre_delete.connect(topic_removed, sender=Category, weak=False, dispatch_uid=__name__)
