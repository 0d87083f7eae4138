"""Read-only admin panel: the "was this helpful?" counts on an article's edit page."""

from wagtail.admin.panels import Panel


class FeedbackPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "editing/admin/feedback_panel.html"

        def get_context_data(self, parent_context=None):
            from kb.editing import feedback

            context = super().get_context_data(parent_context)
            context["counts"] = feedback.counts(self.instance) if self.instance.pk else None
            return context

        def is_shown(self):
            return bool(self.instance.pk)
