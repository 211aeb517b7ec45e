"""Video links: which YouTube or Vimeo addresses an intervention may show, and how to embed them.

The detail page embeds a video only after the visitor clicks (privacy by
default), and then from YouTube's cookie-less domain or with Vimeo's do-not-track
flag. Any other address is refused in the admin, so the page never frames a site
we did not choose.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{1,12}")
VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")


@dataclass(frozen=True)
class Video:
    provider: str  # "YouTube" or "Vimeo", as the visitor knows it
    embed_url: str  # for the iframe, loaded only after a click
    watch_url: str  # the video on the provider's own site


def _youtube(host: str, parts: list[str], query: dict) -> Video | None:
    if host == "youtu.be":
        video_id = parts[0] if parts else ""
    elif parts == ["watch"]:
        video_id = query.get("v", [""])[0]
    elif len(parts) >= 2 and parts[0] in {"embed", "shorts", "live", "v"}:
        video_id = parts[1]
    else:
        return None
    if not YOUTUBE_ID.fullmatch(video_id):
        return None
    return Video(
        provider="YouTube",
        embed_url=f"https://www.youtube-nocookie.com/embed/{video_id}",
        watch_url=f"https://www.youtube.com/watch?v={video_id}",
    )


def _vimeo(host: str, parts: list[str], query: dict) -> Video | None:
    if host == "player.vimeo.com":
        parts = parts[1:] if parts[:1] == ["video"] else []
        private_hash = query.get("h", [""])[0]
    else:
        # vimeo.com/<id>, vimeo.com/<id>/<hash> (unlisted), vimeo.com/channels/<name>/<id>
        if parts[:1] == ["channels"] and len(parts) >= 3:
            parts = parts[2:]
        private_hash = parts[1] if len(parts) == 2 else ""
    if not parts or not VIMEO_ID.fullmatch(parts[0]) or (private_hash and not VIMEO_HASH.fullmatch(private_hash)):
        return None
    video_id = parts[0]
    embed = f"https://player.vimeo.com/video/{video_id}?dnt=1"
    watch = f"https://vimeo.com/{video_id}"
    if private_hash:
        embed += f"&h={private_hash}"
        watch += f"/{private_hash}"
    return Video(provider="Vimeo", embed_url=embed, watch_url=watch)


def video_from_url(url: str) -> Video | None:
    """The YouTube or Vimeo video that `url` points to, or None for any other address."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or parts.username or parts.password:
        return None
    path = [part for part in parts.path.split("/") if part]
    query = parse_qs(parts.query)
    if host in YOUTUBE_HOSTS or host == "youtu.be":
        return _youtube(host, path, query)
    if host in VIMEO_HOSTS:
        return _vimeo(host, path, query)
    return None
