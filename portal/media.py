"""Uploaded images, served by the portal itself.

WhiteNoise serves only the collected static files, not uploads, and a small
portal needs no separate file server. This view hands out image files under
MEDIA_ROOT and nothing else: no other file types (an uploaded HTML or SVG file
could run script on our domain), no directory listings, nothing outside the
folder, symbolic links included. A web server in front may serve /media/ from
MEDIA_ROOT instead (see the README); then requests never reach this view.
"""

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

# The formats the admin accepts for an intervention's image.
CONTENT_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}

# Uploads are never overwritten: Django's file storage gives a new file a new name
# when the name is taken, so a name keeps its content and browsers may keep it long.
CACHE_CONTROL = "public, max-age=31536000"


def media_file(path: str) -> Path:
    """The file under MEDIA_ROOT that `path` names, or Http404 for anything else."""
    if PurePosixPath(path).suffix.lower() not in CONTENT_TYPES or "\x00" in path or "\\" in path:
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        # resolve() follows "..", and symbolic links, to where the file really is.
        candidate = (root / path).resolve()
    except (OSError, ValueError, RuntimeError):
        raise Http404 from None
    if not candidate.is_relative_to(root) or candidate.suffix.lower() not in CONTENT_TYPES or not candidate.is_file():
        raise Http404
    return candidate


@require_safe
def serve(request, path):
    """One uploaded image, with its content type and a long cache lifetime; 404 for anything else."""
    file = media_file(path)
    stat = file.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(file.open("rb"), content_type=CONTENT_TYPES[file.suffix.lower()])
        response["Content-Length"] = str(stat.st_size)
    response["Last-Modified"] = http_date(stat.st_mtime)
    response["Cache-Control"] = CACHE_CONTROL
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, an image needs nothing else: no script, no frames, no requests.
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response
