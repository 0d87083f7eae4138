"""Forms for members and moderators; link limits for new accounts are checked here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kb.forum import rules
from kb.forum.models import Flag, ForumSection, Topic
from kb.models import CategoryPage

BODY_MAX = 20_000


class BodyMixin:
    """Checks a body's links against the author's allowance."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_body(self):
        body = self.cleaned_data["body"]
        if rules.too_many_links(self.user, body):
            raise forms.ValidationError(
                _("New members may include at most %(n)d links in a post.")
                % {"n": rules.MAX_LINKS_NEW}
            )
        return body


class AskForm(BodyMixin, forms.Form):
    title = forms.CharField(
        label=_("Your question"),
        max_length=160,
        min_length=8,
        help_text=_("One sentence, e.g. “My e-mails bounce since yesterday”."),
    )
    section = forms.ModelChoiceField(ForumSection.objects.all(), label=_("Section"))
    body = forms.CharField(
        label=_("Details"),
        widget=forms.Textarea(attrs={"rows": 8, "data-preview": "post"}),
        max_length=BODY_MAX,
        help_text=_("What you tried, the exact error message. Markdown works."),
    )


class ReplyForm(BodyMixin, forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 6, "data-preview": "post"}),
        max_length=BODY_MAX,
        help_text=_("Markdown works; start lines with > to quote."),
    )


class EditPostForm(BodyMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160, min_length=8, required=False)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10, "data-preview": "post"}),
        max_length=BODY_MAX,
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=Flag.Reason.choices)
    note = forms.CharField(label=_("Note (optional)"), max_length=255, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class MoveForm(ReasonForm):
    section = forms.ModelChoiceField(ForumSection.objects.all(), label=_("Move to section"))


class MergeForm(ReasonForm):
    target = forms.ModelChoiceField(
        Topic.objects.filter(merged_into__isnull=True),
        label=_("Merge into topic number"),
        widget=forms.NumberInput,
    )


class BanForm(RequiredReasonForm):
    days = forms.IntegerField(
        label=_("Days (empty: for good)"), min_value=1, max_value=3650, required=False
    )


class PromoteForm(forms.Form):
    category = forms.ModelChoiceField(
        CategoryPage.objects.live().order_by("locale_id", "title"), label=_("Category")
    )
