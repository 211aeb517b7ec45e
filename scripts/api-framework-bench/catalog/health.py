"""/health/live as in the portal's core/health.py: answered by the first middleware, nothing else runs."""

from django.http import JsonResponse

LIVE = "/health/live"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") == LIVE and request.method in ("GET", "HEAD"):
            response = JsonResponse({"status": "ok"})
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
