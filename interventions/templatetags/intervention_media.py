"""What the detail page needs to show an intervention's image and video."""

from django import template

from interventions.video import video_from_url

register = template.Library()


@register.filter
def video(intervention):
    """The intervention's YouTube or Vimeo video, or None."""
    return video_from_url(intervention.video_url) if intervention.video_url else None


@register.filter
def image_size(image):
    """(width, height) of an uploaded image, or None when its file is missing or unreadable."""
    try:
        width, height = image.width, image.height
    except (OSError, ValueError):
        return None
    return (width, height) if width and height else None
