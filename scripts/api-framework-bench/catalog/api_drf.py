"""The same endpoints with Django REST framework (+ drf-spectacular for OpenAPI)."""

from django.conf import settings
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler

from .models import published, published_list


def problem_exception_handler(exc, context):
    """DRF's own handling, re-shaped as RFC 9457 problem+json."""
    response = exception_handler(exc, context)
    if response is not None:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {"type": "about:blank", "title": response.status_text, "status": response.status_code}
        if detail:
            response.data["detail"] = str(detail)
        response.content_type = "application/problem+json"
    return response


class ThemaSerializer(serializers.Serializer):
    slug = serializers.CharField()
    naam = serializers.CharField(source="name")


class InterventieSerializer(serializers.Serializer):
    slug = serializers.CharField()
    titel = serializers.CharField(source="title")
    soort = serializers.CharField(source="kind")
    status = serializers.CharField()
    themas = ThemaSerializer(source="themes", many=True)
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class InterventieDetailSerializer(InterventieSerializer):
    context = serializers.CharField()


class DutchPages(PageNumberPagination):
    page_size = 12


class VersionedMixin:
    """The header for every answer of these views, errors included (finalize_response sees them all)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = settings.API_VERSION
        return response


class InterventionList(VersionedMixin, generics.ListAPIView):
    serializer_class = InterventieSerializer
    pagination_class = DutchPages

    def get_queryset(self):
        return published_list()


class InterventionDetail(VersionedMixin, generics.RetrieveAPIView):
    serializer_class = InterventieDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return published()
