"""Helpers for the editing tests."""

from kb.editing.markdown_blocks import body_to_markdown


def edit_data(page, revision_id, **changes):
    """The edit form's fields for `page` as it is, with `changes` applied."""
    data = {
        "title": page.title,
        "summary": page.summary,
        "body": body_to_markdown(page.body),
        "tags": ", ".join(tag.name for tag in page.tags.all()),
        "symptoms": page.symptoms,
        "edit_summary": "Improve the article",
        "base_revision_id": revision_id,
    }
    data.update(changes)
    return data
