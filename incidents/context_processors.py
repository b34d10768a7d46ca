from django.conf import settings

from . import access


def vigil(request):
    user = getattr(request, "user", None)
    return {
        "trust_name": settings.VIGIL["TRUST_NAME"],
        "vigil_role": access.role_of(user),
        "can_browse_all": access.can_browse_all(user),
        "can_triage": access.can_triage(user),
        "oidc_enabled": settings.OIDC_ENABLED,
        "oidc_provider": getattr(settings, "OIDC_PROVIDER_NAME", ""),
    }
