from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Teams, members and tokens"

    def ready(self):
        from . import signin  # noqa: F401  (counts failed sign-ins: user_login_failed)
        from . import tokencache

        tokencache.connect()
