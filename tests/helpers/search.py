"""The two search boxes and the addresses the search tests expect among the hits."""

from django.urls import reverse

SEARCH = reverse("search")
LIST = reverse("interventions:list")

G_TOWN = "/interventies/g-town/"
HOORN = "/interventies/samen-van-start-en-startpunt/"
PARKSTAD = "/interventies/een-soepele-en-succesvolle-overstap-van-po-naar-vo/"
WEEKENDSCHOOL = "/interventies/weekendschool/"
