"""CMs start imports from the browser and follow background jobs' progress."""

from django import forms
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from social.jobs import Job
from social.tasks import start_import
from social.views import cm_required

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Complaints file"), help_text=_("JSON lines or CSV (Kaggle twcs too).")
    )
    match = forms.BooleanField(label=_("Match and group them"), required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".jsonl", ".json", ".csv")):
            raise forms.ValidationError(_("Upload a .jsonl or .csv file."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload


@cm_required
def jobs_view(request):
    """The upload form and the latest jobs with their progress."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            form.cleaned_data["file"], match=form.cleaned_data["match"], user=request.user
        )
        return redirect("social:job", job.pk)
    return render(request, "social/jobs.html", {"form": form, "jobs": Job.objects.all()[:30]})


@cm_required
@require_GET
def job_view(request, pk):
    return render(request, "social/job.html", {"job": get_object_or_404(Job, pk=pk)})
