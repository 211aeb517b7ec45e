"""An intervention's image and video: what an editor may upload, what a visitor gets, and nothing more."""

import io
import os
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from interventions.models import Intervention
from interventions.video import video_from_url
from tests.helpers.admin import change_form_data, form_errors
from tests.helpers.pages import missing

pytestmark = pytest.mark.django_db

ALT = "Leerlingen van G-Town in gesprek op het schoolplein."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a throwaway folder, never into the project."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


def image_bytes(fmt="PNG", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def change_url(intervention):
    return reverse("admin:interventions_intervention_change", args=[intervention.pk])


def post_change(client, intervention, **changes):
    """Open the change form, change only `changes` (files included) and save."""
    url = change_url(intervention)
    data = change_form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def field_errors(response, field):
    return response.context["adminform"].form.errors.get(field)


# The admin: "Beeld en video".


def test_editor_sees_image_and_video_fields_together(coordinator_west):
    g_town = Intervention.objects.get(slug="g-town")
    response = coordinator_west.get(change_url(g_town))
    fieldsets = {name: options["fields"] for name, options in response.context["adminform"].fieldsets}
    assert fieldsets["Beeld en video"] == ["image", "image_alt", "video_url"]


def test_editor_uploads_an_image_with_its_alt_text_and_it_is_stored(coordinator_west, media_root):
    g_town = Intervention.objects.get(slug="g-town")
    upload = SimpleUploadedFile("schoolplein.png", image_bytes(), content_type="image/png")
    response = post_change(coordinator_west, g_town, image=upload, image_alt=ALT)
    assert response.status_code == 302, form_errors(response)
    g_town.refresh_from_db()
    assert g_town.image.name == "interventions/schoolplein.png"
    assert g_town.image_alt == ALT
    assert (media_root / "interventions" / "schoolplein.png").read_bytes() == image_bytes()


def test_an_image_without_alt_text_is_refused_in_dutch(coordinator_west, media_root):
    g_town = Intervention.objects.get(slug="g-town")
    upload = SimpleUploadedFile("schoolplein.png", image_bytes(), content_type="image/png")
    response = post_change(coordinator_west, g_town, image=upload, image_alt="  ")
    assert response.status_code == 200
    assert field_errors(response, "image_alt") == [
        "Een afbeelding heeft een tekstalternatief nodig: beschrijf wat erop te zien is, voor wie de "
        "afbeelding niet kan zien."
    ]
    g_town.refresh_from_db()
    assert g_town.image.name == ""
    assert not any(media_root.rglob("*.png"))


def test_a_gif_is_refused_even_when_named_png(coordinator_west):
    g_town = Intervention.objects.get(slug="g-town")
    upload = SimpleUploadedFile("animatie.png", image_bytes("GIF"), content_type="image/png")
    response = post_change(coordinator_west, g_town, image=upload, image_alt=ALT)
    assert field_errors(response, "image") == [
        "Dit bestandstype kan niet: kies een foto of illustratie in JPEG, PNG of WebP (nu: GIF)."
    ]


def test_a_file_that_is_no_image_is_refused(coordinator_west):
    g_town = Intervention.objects.get(slug="g-town")
    upload = SimpleUploadedFile("foto.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = post_change(coordinator_west, g_town, image=upload, image_alt=ALT)
    assert field_errors(response, "image") == [
        "Dit bestand is geen afbeelding, of het is beschadigd. Kies een foto of illustratie in JPEG, PNG of WebP."
    ]


def test_an_image_over_five_megabytes_is_refused(coordinator_west, settings):
    g_town = Intervention.objects.get(slug="g-town")
    # Random pixels barely compress: a 1400 x 1400 PNG of noise is about 5,6 MB.
    noise = Image.frombytes("RGB", (1400, 1400), os.urandom(1400 * 1400 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    assert buffer.tell() > 5 * 1024 * 1024
    upload = SimpleUploadedFile("ruis.png", buffer.getvalue(), content_type="image/png")
    response = post_change(coordinator_west, g_town, image=upload, image_alt=ALT)
    size = f"{buffer.tell() / 1024 / 1024:.1f}".replace(".", ",")
    assert field_errors(response, "image") == [
        f"Deze afbeelding is {size} MB; het maximum is 5 MB. Verklein haar en probeer het opnieuw."
    ]


def test_a_jpeg_named_png_is_stored_under_its_real_type(coordinator_west, media_root):
    g_town = Intervention.objects.get(slug="g-town")
    upload = SimpleUploadedFile("foto.png", image_bytes("JPEG"), content_type="image/png")
    response = post_change(coordinator_west, g_town, image=upload, image_alt=ALT)
    assert response.status_code == 302, form_errors(response)
    g_town.refresh_from_db()
    assert g_town.image.name == "interventions/foto.jpg"


def test_a_video_address_other_than_youtube_or_vimeo_is_refused_in_dutch(coordinator_west):
    g_town = Intervention.objects.get(slug="g-town")
    response = post_change(coordinator_west, g_town, video_url="https://video.example.org/watch?v=dQw4w9WgXcQ")
    assert field_errors(response, "video_url") == [
        "Alleen een video op YouTube of Vimeo kan op de website worden getoond. Plak het webadres van de video "
        "zelf, zoals YouTube of Vimeo het toont: https://www.youtube.com/watch?v=… of https://vimeo.com/…"
    ]
    g_town.refresh_from_db()
    assert g_town.video_url == ""


def test_a_youtube_address_typed_without_https_is_stored_with_it(coordinator_west):
    g_town = Intervention.objects.get(slug="g-town")
    response = post_change(coordinator_west, g_town, video_url="www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert response.status_code == 302, form_errors(response)
    g_town.refresh_from_db()
    assert g_town.video_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("url", "embed", "watch"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        (
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1", "https://vimeo.com/76979871"),
        (
            "https://vimeo.com/76979871/abc123def0",
            "https://player.vimeo.com/video/76979871?dnt=1&h=abc123def0",
            "https://vimeo.com/76979871/abc123def0",
        ),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
    ],
)
def test_youtube_and_vimeo_addresses_embed_privacy_friendly(url, embed, watch):
    video = video_from_url(url)
    assert (video.embed_url, video.watch_url) == (embed, watch)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/",
        "https://www.youtube.com/watch?v=kort",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/?u=https://youtu.be/dQw4w9WgXcQ",
        "javascript://youtu.be/dQw4w9WgXcQ",
        "https://user:pw@youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/abc",
        "",
    ],
)
def test_other_addresses_are_no_video(url):
    assert video_from_url(url) is None


# The public page.


def give_image(intervention, name="schoolplein.png", alt=ALT, fmt="PNG"):
    intervention.image.save(name, ContentFile(image_bytes(fmt)), save=False)
    intervention.image_alt = alt
    intervention.save()


def test_visitor_sees_the_image_with_its_alt_text_and_size(visitor):
    g_town = Intervention.objects.get(slug="g-town")
    give_image(g_town)
    body = visitor.get(g_town.get_absolute_url()).content.decode()
    assert (
        f'<img src="/media/interventions/schoolplein.png" alt="{ALT}" width="40" height="30" loading="lazy" '
        'decoding="async">'
    ) in body


def test_an_image_whose_file_went_missing_is_left_out_not_a_500(visitor, media_root):
    g_town = Intervention.objects.get(slug="g-town")
    give_image(g_town)
    (media_root / "interventions" / "schoolplein.png").unlink()
    response = visitor.get(g_town.get_absolute_url())
    assert response.status_code == 200
    assert "<img" not in response.content.decode()


def test_the_video_loads_nothing_from_the_video_site_before_a_click(visitor):
    g_town = Intervention.objects.get(slug="g-town")
    g_town.video_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    g_town.save()
    body = visitor.get(g_town.get_absolute_url()).content.decode()
    assert "<iframe" not in body
    # No src anywhere points away from the site (data-embed-src is only read by the script, on a click).
    assert not re.findall(r'(?<![\w-])(?:src|srcset|poster)="(?:https?:)?//', body)
    assert not missing(
        body,
        '<button type="button" class="video-load" hidden>Video laden van YouTube</button>',
        "YouTube kan dan cookies plaatsen en uw bezoek volgen.",
        '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Bekijk de video op YouTube</a>',
        'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"',
        '<script src="/static/js/video.js" defer></script>',
    )


def test_without_a_video_the_page_has_no_video_script(visitor):
    body = visitor.get("/interventies/g-town/").content.decode()
    assert "video.js" not in body
    assert "Video laden" not in body


# Serving the uploads.


def test_an_uploaded_image_is_served_with_its_type_and_a_long_cache(visitor):
    g_town = Intervention.objects.get(slug="g-town")
    give_image(g_town)
    response = visitor.get("/media/interventions/schoolplein.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == image_bytes()
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000"
    assert response["Content-Length"] == str(len(image_bytes()))
    again = visitor.get("/media/interventions/schoolplein.png", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/media/../gka_portal/settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/..%2f..%2fetc%2fpasswd.png",
        "/media/interventions/../../outside.png",
        "/media//etc/hosts.png",
        "/media/%2fetc%2fhosts.png",
        "/media/interventions/..%5c..%5coutside.png",
        "/media/interventions/schoolplein.png%00.png",
        "/media/interventions/",
        "/media/interventions",
        "/media/interventions/bestaat-niet.png",
        "/media/interventions/notitie.html",
        "/media/interventions/tekening.svg",
        "/media/link-naar-buiten.png",
    ],
)
def test_nothing_but_an_image_inside_the_media_folder_is_served(visitor, media_root, path):
    g_town = Intervention.objects.get(slug="g-town")
    give_image(g_town)
    (media_root.parent / "outside.png").write_bytes(image_bytes())
    (media_root / "interventions" / "notitie.html").write_text("<script>alert(1)</script>")
    (media_root / "interventions" / "tekening.svg").write_text("<svg><script>alert(1)</script></svg>")
    (media_root / "link-naar-buiten.png").symlink_to(media_root.parent / "outside.png")
    response = visitor.get(path)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_uploads_cannot_be_changed_through_the_media_address(visitor):
    give_image(Intervention.objects.get(slug="g-town"))
    assert visitor.post("/media/interventions/schoolplein.png").status_code == 405
