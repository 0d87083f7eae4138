"""What a public profile shows; other areas add their sections through `profile_sections`.

A receiver gets `user=` (the profile's owner) and `viewer=` (who is looking) and returns a
dict {"title": str, "template": str, "context": dict} or None; the template is included
with `section` (that dict) in its context.
"""

from django.dispatch import Signal

profile_sections = Signal()


def extra_sections(user, viewer):
    results = profile_sections.send(sender=None, user=user, viewer=viewer)
    return [section for _receiver, section in results if section]
