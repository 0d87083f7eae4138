"""The people who use the help center, as Django groups.

Wagtail creates the "Moderators" group itself; the others are created by a migration.
Later features grant their permissions to these groups.
"""

CUSTOMERS = "Customers"
TRUSTED_EDITORS = "Trusted editors"
COMMUNITY_MANAGERS = "Community managers"
MODERATORS = "Moderators"

ALL_GROUPS = (CUSTOMERS, TRUSTED_EDITORS, COMMUNITY_MANAGERS, MODERATORS)


def in_group(user, group_name):
    """True if the user is active and in the group (superusers are in every group)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=group_name).exists()


def is_moderator(user):
    return in_group(user, MODERATORS)


def is_community_manager(user):
    return in_group(user, COMMUNITY_MANAGERS) or is_moderator(user)


def is_trusted_editor(user):
    return in_group(user, TRUSTED_EDITORS) or is_moderator(user)
