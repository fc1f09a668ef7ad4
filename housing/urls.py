from django.urls import path

from housing import allocation_views, provider_views, register_views, views

app_name = "housing"

urlpatterns = [
    path("", views.offer_list, name="offer_list"),
    path("register/", register_views.register_view, name="register"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/import/", views.offer_import, name="offer_import"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", views.offer_update, name="offer_update"),
    path("offers/<int:pk>/publish/", views.offer_publish, name="offer_publish"),
    path("offers/<int:pk>/reserve/", views.offer_reserve, name="offer_reserve"),
    path(
        "offers/<int:pk>/cancel-reservation/",
        views.offer_cancel_reservation,
        name="offer_cancel_reservation",
    ),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("offers/<int:pk>/occupy/", views.offer_occupy, name="offer_occupy"),
    path("offers/<int:pk>/allocate/", allocation_views.offer_allocate, name="offer_allocate"),
    path(
        "allocations/<int:pk>/cancel/", allocation_views.allocation_cancel, name="allocation_cancel"
    ),
    path("allocations/<int:pk>/end/", allocation_views.allocation_end, name="allocation_end"),
    path("allocations/<int:pk>/move/", allocation_views.allocation_move, name="allocation_move"),
    path("providers/", provider_views.provider_list, name="provider_list"),
    path("providers/new/", provider_views.provider_create, name="provider_create"),
    path("providers/<int:pk>/edit/", provider_views.provider_update, name="provider_update"),
]
