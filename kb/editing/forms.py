"""The public site's forms: edit an article, suggest one, report an edit, review, feedback."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from kb.editing.edits import ArticleChanges
from kb.editing.markdown_blocks import markdown_to_body
from kb.editing.models import ArticleFeedback, EditReport
from kb.models import CategoryPage


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"), max_length=255, help_text=_("One line that says what it solves.")
    )
    body = forms.CharField(
        label=_("Article"),
        widget=forms.Textarea(
            attrs={
                "rows": 24,
                "class": "markdown-input",
                "spellcheck": "true",
                "data-preview": "article",
            }
        ),
        max_length=60_000,
        help_text=_(
            "Markdown: ## Section, ### Subsection, 1. steps, ```code```, "
            "> **Note:** or > **Warning:** for a callout, **bold**, *italic*, [link](https://…)."
        ),
    )
    tags = forms.CharField(
        label=_("Tags"), required=False, max_length=500, help_text=_("Separated by commas.")
    )
    symptoms = forms.CharField(
        label=_("Symptoms"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            'What customers say when they hit this problem, one per line ("my mails bounce").'
        ),
    )
    edit_summary = forms.CharField(
        label=_("Edit summary"),
        max_length=200,
        help_text=_("What you changed and why, for the moderators and the history."),
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        blocks = markdown_to_body(body)
        if not blocks:
            raise forms.ValidationError(_("The article cannot be empty."))
        image_ids = {b["value"]["image"] for b in blocks if b["type"] == "image"}
        known = set(get_image_model().objects.filter(pk__in=image_ids).values_list("pk", flat=True))
        if image_ids - known:
            raise forms.ValidationError(
                _("Unknown image: %(ids)s.")
                % {"ids": ", ".join(map(str, sorted(image_ids - known)))}
            )
        return body

    def clean_tags(self):
        tags = [tag.strip() for tag in self.cleaned_data["tags"].split(",") if tag.strip()]
        if len(tags) > 15 or any(len(tag) > 100 for tag in tags):
            raise forms.ValidationError(_("At most 15 tags of up to 100 characters."))
        return list(dict.fromkeys(tags))

    def clean_symptoms(self):
        lines = [line.strip() for line in self.cleaned_data["symptoms"].splitlines()]
        return "\n".join(line for line in lines if line)

    def changes(self):
        data = self.cleaned_data
        return ArticleChanges(
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            tags=data["tags"],
            symptoms=data["symptoms"],
            edit_summary=data["edit_summary"],
        )


class EditArticleForm(ArticleForm):
    base_revision_id = forms.IntegerField(widget=forms.HiddenInput)


class SuggestArticleForm(ArticleForm):
    category = forms.ModelChoiceField(label=_("Category"), queryset=CategoryPage.objects.none())

    field_order = ["category"]

    def __init__(self, *args, language=None, **kwargs):
        super().__init__(*args, **kwargs)
        categories = CategoryPage.objects.live().order_by("title")
        if language:
            categories = categories.filter(locale__language_code=language)
        self.fields["category"].queryset = categories


class ReportForm(forms.ModelForm):
    class Meta:
        model = EditReport
        fields = ["reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}
        labels = {"reason": _("What is wrong with this edit?")}


class ModerationForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Request changes"))]
    )
    comment = forms.CharField(
        label=_("Comment for the author"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not data.get("comment", "").strip():
            self.add_error("comment", _("Tell the author what to change."))
        return data


class FeedbackForm(forms.ModelForm):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes"
    )

    class Meta:
        model = ArticleFeedback
        fields = ["helpful", "reason", "comment"]
        labels = {"reason": _("What was wrong?"), "comment": _("Comment (optional)")}
