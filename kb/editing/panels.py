"""Read-only admin panel: the "was this helpful?" counts and comments on an article's edit page."""

from wagtail.admin.panels import Panel


class FeedbackPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "editing/admin/feedback_panel.html"

        def get_context_data(self, parent_context=None):
            from kb.editing import feedback

            context = super().get_context_data(parent_context)
            if self.instance.pk:
                context["counts"] = feedback.counts(self.instance)
                context["comments"] = feedback.comments(self.instance)[:20]
            return context

        def is_shown(self):
            return bool(self.instance.pk)
