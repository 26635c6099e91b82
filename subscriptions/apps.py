from django.apps import AppConfig
from django.db.models.signals import pre_delete


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "Email subscriptions"

    def ready(self) -> None:
        from questions.models import Category

        from . import services

        # Django's own signal, as questions may not know of subscriptions: before a
        # category's rows go, its subscribers' choices are still there to read.
        def topic_removed(sender, instance: Category, **kwargs) -> None:
            services.subscriptions_topic_removed(category=instance)

        pre_delete.connect(topic_removed, sender=Category, weak=False, dispatch_uid=__name__)
