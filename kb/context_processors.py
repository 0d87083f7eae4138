"""Template context shared by every page."""

from kb import roles


def user_roles(request):
    """Which role-specific links the header shows."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {
        "is_moderator": roles.is_moderator(user),
        "is_community_manager": roles.is_community_manager(user),
    }
