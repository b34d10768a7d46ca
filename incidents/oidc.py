"""Single sign-on users: created on first sign-in as reporters; a trust's administrator grants other roles."""
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import StaffProfile


class VigilOIDCBackend(OIDCAuthenticationBackend):
    def create_user(self, claims):
        user = super().create_user(claims)
        user.first_name = claims.get("given_name", "")[:150]
        user.last_name = claims.get("family_name", "")[:150]
        user.save(update_fields=["first_name", "last_name"])
        StaffProfile.objects.get_or_create(user=user, defaults={"role": StaffProfile.Role.REPORTER})
        return user
