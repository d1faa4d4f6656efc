"""The rules the base views enforce when a class is created, and the DRF
release range their hooks are written against (aura_site/api/views.py)."""

import pytest
import rest_framework
from rest_framework import mixins

from accounts.models import Member
from accounts.serializers import MemberSerializer
from aura_site.api.views import FINAL_METHODS, AuraListMixin, AuraRetrieveMixin, TeamScopedViewSet


def test_drf_is_a_release_the_request_path_was_checked_against():
    # AuraViewMixin extends, without copying, the steps of DRF's
    # APIView.dispatch: initial() (then the handler, looked up by the
    # method's name on the view), perform_authentication(),
    # check_permissions(), handle_exception(), finalize_response(). Before
    # widening this range, re-read rest_framework/views.py APIView.dispatch
    # and initial against AuraViewMixin.initial / run_handler.
    major, minor = (int(part) for part in rest_framework.VERSION.split(".")[:2])
    assert (3, 15) <= (major, minor) < (3, 19), (
        f"DRF {rest_framework.VERSION}: re-check APIView.dispatch against AuraViewMixin.initial/run_handler"
    )


def test_the_final_methods_are_the_four_tenancy_and_auth_hooks():
    assert set(FINAL_METHODS) == {"get_queryset", "get_object", "get_permissions", "get_authenticators"}


def _override(name):
    def method(self, *args, **kwargs):
        return getattr(super(type(self), self), name)(*args, **kwargs)

    method.__name__ = name
    return method


@pytest.mark.parametrize("name", sorted(FINAL_METHODS))
def test_overriding_a_final_method_fails_at_class_creation(name):
    with pytest.raises(TypeError, match=rf"Sneaky overrides {name} \(in Sneaky\).*dangerously_override_{name} = True"):
        type("Sneaky", (AuraListMixin, TeamScopedViewSet), {name: _override(name)})


@pytest.mark.parametrize("name", sorted(FINAL_METHODS))
def test_a_mixin_before_the_base_cannot_slip_a_final_method_in(name):
    mixin = type("Helper", (), {name: _override(name)})
    with pytest.raises(TypeError, match=rf"Sneaky overrides {name} \(in Helper\)"):
        type("Sneaky", (mixin, AuraListMixin, TeamScopedViewSet), {})


@pytest.mark.parametrize("name", sorted(FINAL_METHODS))
def test_the_named_escape_hatch_allows_the_override(name):
    cls = type("Reviewed", (AuraListMixin, TeamScopedViewSet), {name: _override(name), f"dangerously_override_{name}": True})
    assert name in cls.__dict__
    # A subclass of the reviewed class inherits the override without repeating the hatch.
    type("ReviewedChild", (cls,), {})
    # The hatch is per method: it does not open the others.
    other = next(n for n in FINAL_METHODS if n != name)
    with pytest.raises(TypeError, match=f"overrides {other}"):
        type("Wider", (cls,), {other: _override(other)})


def test_drf_list_and_retrieve_mixins_fail_instead_of_being_swapped():
    attrs = {"queryset": Member.objects.all(), "serializer_class": MemberSerializer}
    with pytest.raises(TypeError, match=r"Plain\.list is DRF's ListModelMixin\.list.*AuraListMixin"):
        type("Plain", (mixins.ListModelMixin, TeamScopedViewSet), dict(attrs))
    with pytest.raises(TypeError, match=r"Shadowed\.list is DRF's ListModelMixin\.list"):
        type("Shadowed", (mixins.ListModelMixin, AuraListMixin, TeamScopedViewSet), dict(attrs))
    with pytest.raises(TypeError, match=r"Shadowed\.retrieve is DRF's RetrieveModelMixin\.retrieve.*AuraRetrieveMixin"):
        type("Shadowed", (AuraListMixin, mixins.RetrieveModelMixin, AuraRetrieveMixin, TeamScopedViewSet), dict(attrs))
    # After ours, DRF's mixins are shadowed by them, and said so in the bases.
    fine = type("Fine", (AuraListMixin, AuraRetrieveMixin, mixins.ListModelMixin, TeamScopedViewSet), dict(attrs))
    assert fine.list is AuraListMixin.list and fine.retrieve is AuraRetrieveMixin.retrieve


def test_a_viewset_without_the_mixins_has_no_list_or_detail_route():
    bare = type("Bare", (TeamScopedViewSet,), {"queryset": Member.objects.all()})
    assert not hasattr(bare, "list") and not hasattr(bare, "retrieve")


def test_every_resource_viewset_names_its_list_and_detail_mixins():
    from django.urls import get_resolver

    def callbacks(patterns):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from callbacks(p.url_patterns)
            else:
                yield p.callback

    seen = set()
    for callback in callbacks(get_resolver().url_patterns):
        cls = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None) or {}
        if cls is None or not issubclass(cls, TeamScopedViewSet):
            continue
        seen.add(cls.__name__)
        if "list" in actions.values():
            assert AuraListMixin in cls.__bases__, cls
        if "retrieve" in actions.values():
            assert AuraRetrieveMixin in cls.__bases__, cls
    assert {"IntentViewSet", "EventViewSet", "TeamMemberViewSet", "SnapshotViewSet", "ZoneViewSet"} <= seen


def test_the_request_path_is_drfs_dispatch_extended_not_copied():
    from rest_framework.views import APIView

    from aura_site.api.views import AuraAPIView, AuraViewMixin

    assert "dispatch" not in AuraViewMixin.__dict__
    assert AuraAPIView.dispatch is APIView.dispatch
    assert TeamScopedViewSet.dispatch is APIView.dispatch
