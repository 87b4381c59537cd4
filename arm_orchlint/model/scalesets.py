"""What the rules need to know about scale sets, VMs and autoscale settings.

``Model`` wraps the flat resource list with typed views and the links between resources
(a VM joining a scale set, an autoscale setting targeting one).  Everything here is
computed once per template and shared by all rules.
"""

from __future__ import annotations

from functools import lru_cache

from arm_orchlint.core.records import record as dataclass

TYPE_CHECKING = False  # typing is not imported at run time: it costs start-up
if TYPE_CHECKING:
    from typing import Any

from arm_orchlint.core.keys import get_ci, key_of, keys_by_lower
from arm_orchlint.core.values import Unknown, is_unknown
from arm_orchlint.model import apiversions
from arm_orchlint.model.links import Links
from arm_orchlint.model.numbers import arm_bool, arm_int
from arm_orchlint.model.resources import Expansion, Resource, get_in

_MISSING = object()

VMSS = "microsoft.compute/virtualmachinescalesets"
VM = "microsoft.compute/virtualmachines"
VMSS_VM = "microsoft.compute/virtualmachinescalesets/virtualmachines"
VMSS_EXTENSION = "microsoft.compute/virtualmachinescalesets/extensions"
AUTOSCALE = "microsoft.insights/autoscalesettings"
LOAD_BALANCER = "microsoft.network/loadbalancers"

CURRENT_MODES = {"uniform": "Uniform", "flexible": "Flexible"}
PREVIEW_MODES = {"vm": "VM", "scalesetvm": "ScaleSetVM"}
# The 2019 preview names and the mode each described, which replaced it.
PREVIEW_TO_CURRENT = {"VM": "Flexible", "ScaleSetVM": "Uniform"}


class cached:
    """As ``functools.cached_property``, without its lock (Python 3.11 takes one on every first
    read, about half of the cost of a view's first read; 3.12 dropped it): the value is
    computed on first read and kept in the instance, later reads find it there."""

    def __init__(self, func):
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@lru_cache(maxsize=1024)  # (read by most rules, for a few distinct values)
def _names(value: str) -> tuple:
    """The mode value as written -> (its current name, its preview name)."""
    low = value.lower()
    return CURRENT_MODES.get(low), PREVIEW_MODES.get(low)


def raw_at(data: Any, pointer: tuple) -> Any:
    """The value as written in the document at ``pointer`` (None when absent)."""
    node = data
    for key in pointer:
        if isinstance(node, dict) and isinstance(key, str):
            node = get_ci(node, key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            node = node[key]
        else:
            return None
    return node


def written_pointer(data: Any, pointer: tuple) -> tuple:
    """Where the value at ``pointer`` (a path in an evaluated resource) is written.

    A property ``copy`` block produces an array that does not appear in the template:
    ``(..., "ipConfigurations", 1, "properties")`` is written at
    ``(..., "copy", k, "input", "properties")`` and the array itself at ``(..., "copy", k)``.
    Keys take the spelling of the document.  Parts that cannot be followed are kept as
    they are (the locator then falls back to the nearest ancestor)."""
    node = data
    for key in pointer:  # usually every part is written as it is named: the pointer itself
        if node.__class__ is dict and key.__class__ is str and key in node:
            node = node[key]
        elif node.__class__ is list and key.__class__ is int and 0 <= key < len(node):
            node = node[key]
        else:
            break
    else:
        return tuple(pointer)
    node = data
    out: list = []
    i = 0
    while i < len(pointer):
        key = pointer[i]
        if isinstance(node, dict) and isinstance(key, str):
            actual = key_of(node, key)
            if actual is not None:
                out.append(actual)
                node = node[actual]
                i += 1
                continue
            copy_key = next((k for k in node if isinstance(k, str) and k.lower() == "copy"), None)
            specs = node.get(copy_key) if copy_key is not None else None
            index = (
                next(
                    (
                        n
                        for n, spec in enumerate(specs)
                        if isinstance(spec, dict)
                        and isinstance(spec.get("name"), str)
                        and spec["name"].lower() == key.lower()
                    ),
                    None,
                )
                if isinstance(specs, list)
                else None
            )
            if index is None:
                break
            if i + 1 < len(pointer) and isinstance(pointer[i + 1], int) and "input" in specs[index]:
                out += [copy_key, index, "input"]
                node = specs[index]["input"]
                i += 2
                continue
            out += [copy_key, index]
            i += 1
            if i < len(pointer):  # e.g. a member of a non-dict input: stop at the copy block
                return tuple(out)
            break
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            out.append(key)
            node = node[key]
            i += 1
        else:
            break
    return tuple(out) + tuple(pointer[i:])


def parameters_read(res: Resource, *pointers: tuple) -> tuple:
    """The parameters the evaluation of the value at the first of ``pointers`` that has a
    record read, directly or through variables, in the order read (what the evaluator
    recorded in ``param_sources.by_pointer``); () when none or not recorded."""
    by_pointer = getattr(res.param_sources, "by_pointer", None)
    if not by_pointer:
        return ()
    for pointer in pointers:
        found = by_pointer.get(tuple(pointer))
        if found:
            return found
    return ()


@dataclass
class ModeInfo:
    """The orchestration mode of a scale set and how it was found.

    ``value``: "Uniform", "Flexible", "VM", "ScaleSetVM", another string as written, or
    Unknown.  ``how``: "literal", "parameter", "expression", "assumed" (absent, evaluated
    as Uniform), "legacy" (absent, no VM profile and an API version before 2020-12-01: the
    pre-2020 way of writing what is now Flexible), "joined" (absent, no VM profile, a newer
    API, and standalone VMs of the template join the set: only Flexible sets accept them,
    so it is Flexible), or "ambiguous" (absent with no VM profile on a newer API and no VM
    joining: Azure's default is not documented, so no mode-specific rule applies).
    """

    value: Any
    how: str
    params: tuple = ()

    # (read by most rules for every set: worked out on first read and kept, as the fields
    # of a ModeInfo are never changed once made)
    @cached
    def current(self) -> str | None:
        """'Uniform' or 'Flexible' when the mode is known to be one of today's values."""
        if isinstance(self.value, str):
            return _names(self.value)[0]
        return None

    @cached
    def preview(self) -> str | None:
        """'VM' or 'ScaleSetVM' when the 2019 preview name is used."""
        if isinstance(self.value, str):
            return _names(self.value)[1]
        return None

    def describe(self) -> str:
        if self.how == "assumed":
            return "Uniform (assumed: orchestrationMode is not set)"
        if self.how == "legacy":
            return "Flexible (legacy form: no VM profile, API before 2020-12-01)"
        if self.how == "joined":
            return "Flexible (inferred: no VM profile, and standalone VMs join it)"
        if self.params:
            return f"{self.value} (from parameter '{self.params[0]}')"
        return str(self.value)


class ScaleSet:
    """A ``Microsoft.Compute/virtualMachineScaleSets`` resource with its mode-relevant facts."""

    def __init__(self, res: Resource, model: Model | None = None):
        self.res = res
        self._model = model  # to see which VMs join the set, when its mode must be inferred

    @cached
    def mode(self) -> ModeInfo:
        res = self.res
        value = self.prop("orchestrationMode")
        # where the value is written is only worth finding when parameter reads were recorded
        params = _mode_parameters(res) if getattr(res.param_sources, "by_pointer", None) else ()
        if value is None:
            if not res.has("properties"):
                return ModeInfo(Unknown("the resource updates a scale set defined elsewhere"), "existing")
            if res.has("properties", "virtualMachineProfile"):
                return ModeInfo("Uniform", "assumed")
            if apiversions.older_than(res.api_version, "2020-12-01"):
                return ModeInfo("Flexible", "legacy")
            # The documented Flexible form of two Microsoft quickstarts: no mode, no profile,
            # and VMs that join (VM-03: only a Flexible set accepts a joining VM).
            if self._model is not None and self._model.vms_joining(self):
                return ModeInfo("Flexible", "joined")
            return ModeInfo(Unknown("orchestrationMode not set and no VM profile"), "ambiguous")
        if isinstance(value, Unknown):
            return ModeInfo(value, "unknown", params)
        return ModeInfo(value, "parameter" if params else "literal", params)

    # Sub-objects many rules read: fetched once per set (a body does not change once
    # evaluated), their members then read with ``get_in``, as ``res.get`` would.
    @cached
    def properties(self) -> Any:
        """``properties`` (None when absent or null, or Unknown)."""
        return self.res.get("properties")

    # (a view's first read costs a call from C: views that every set's rules read together
    # are kept together, by the first of them read)
    @cached
    def profile(self) -> Any:
        """``properties.virtualMachineProfile`` (None when absent or null, or Unknown); its
        ``network_profile`` and ``storage_profile`` are kept with it."""
        profile = self.prop("virtualMachineProfile")
        kept = self.__dict__
        kept["network_profile"] = get_in(profile, ("networkProfile",))
        kept["storage_profile"] = get_in(profile, ("storageProfile",))
        return profile

    @cached
    def network_profile(self) -> Any:
        self.profile  # (kept by it)
        return self.__dict__["network_profile"]

    @cached
    def storage_profile(self) -> Any:
        self.profile  # (kept by it)
        return self.__dict__["storage_profile"]

    @cached
    def priority_mix(self) -> Any:
        """``properties.priorityMixPolicy`` (three rules read it)."""
        return self.prop("priorityMixPolicy")

    @cached
    def data_disks(self) -> Any:
        """``...virtualMachineProfile.storageProfile.dataDisks`` (two rules read it)."""
        return get_in(self.storage_profile, ("dataDisks",))

    @cached
    def upgrade_policy(self) -> Any:
        """``properties.upgradePolicy``; ``automatic_os_upgrade`` is kept with it."""
        policy = self.prop("upgradePolicy")
        on = arm_bool(get_in(policy, ("automaticOSUpgradePolicy", "enableAutomaticOSUpgrade"))) is True
        self.__dict__["automatic_os_upgrade"] = on
        return policy

    @cached
    def automatic_os_upgrade(self) -> bool:
        """``upgradePolicy.automaticOSUpgradePolicy.enableAutomaticOSUpgrade`` is true (a
        boolean or a "true" string; six rules ask)."""
        self.upgrade_policy  # (kept by it)
        return self.__dict__["automatic_os_upgrade"]

    def prop(self, *path: Any) -> Any:
        """``res.get("properties", *path)``.  The member of ``properties`` is found as
        ``get_in`` finds it, with another spelling looked up in ``_property_names``: a set's
        rules ask for a dozen members, most of them absent, each of which would otherwise
        cost a scan of every member."""
        props = self.properties
        if type(props) is not dict or not path:
            return get_in(props, path)
        first = path[0]
        found = props.get(first, _MISSING)
        if found is _MISSING:
            spelled = self._property_names.get(first.lower()) if isinstance(first, str) else None
            if spelled is None:
                return None
            found = props[spelled]
        return get_in(found, path[1:]) if len(path) > 1 else found

    @cached
    def _property_names(self) -> dict:
        """``keys_by_lower`` of ``properties`` (a dict), looked up once per set."""
        return keys_by_lower(self.properties)

    def in_profile(self, *path: Any) -> Any:
        """``res.get("properties", "virtualMachineProfile", *path)``."""
        return get_in(self.profile, path)

    @property
    def updates_existing(self) -> bool:
        """No ``properties``: the template only changes a set created elsewhere."""
        return self.mode.how == "existing"

    @property
    def current_mode(self) -> str | None:
        return self.mode.current

    @cached
    def resolved_mode(self) -> str | None:
        """ "Uniform", "Flexible", "VM" or "ScaleSetVM", or None when the mode is not known
        to be one of them (which rules apply, ``rules/runner.py``)."""
        mode = self.mode
        return mode.current or mode.preview

    @cached
    def zones(self) -> Any:
        """The zones list, [] when absent, or Unknown; ``zone_count`` and ``zonal`` are kept
        with it."""
        zones = _zones_list(self.res.get("zones"))
        count = len(zones) if isinstance(zones, list) else zones
        kept = self.__dict__
        kept["zone_count"] = count
        kept["zonal"] = count > 0 if isinstance(count, int) else count
        return zones

    @cached
    def zone_count(self) -> Any:
        """How many zones, or Unknown."""
        self.zones  # (kept by it)
        return self.__dict__["zone_count"]

    @cached
    def zonal(self) -> Any:
        """True for zonal or zone-spanning, False for regional, Unknown otherwise."""
        self.zones  # (kept by it)
        return self.__dict__["zonal"]

    @cached
    def fault_domains(self) -> Any:
        # "2" is the count 2 (ARM converts digit strings), so every rule reads it alike.
        return arm_int(self.prop("platformFaultDomainCount"))

    @cached
    def single_placement_group(self) -> Any:
        return arm_bool(self.prop("singlePlacementGroup"))

    @cached
    def capacity(self) -> Any:
        return self.res.get("sku", "capacity")

    @property
    def has_profile(self) -> bool:
        return self.profile is not None

    def effective_single_placement_group(self) -> Any:
        """The single-placement-group setting Azure applies to a Uniform set: the explicit
        value, else True for a regional set and False for a zonal one (API 2017-12-01+)."""
        spg = self.single_placement_group
        if spg is not None:
            return spg
        zonal = self.zonal
        if is_unknown(zonal):
            return zonal
        if zonal and apiversions.at_least(self.res.api_version, "2017-12-01"):
            return False
        if zonal:
            return Unknown("default single placement group for a zonal set on an old API version")
        return True


def _zones_list(zones: Any) -> Any:
    """``ScaleSet.zones`` of the ``zones`` value written."""
    if zones is None or zones == "":
        # ARM reads null as "not set"; real templates also write '' for "no zones".
        return []
    if type(zones) is not list and (isinstance(zones, Unknown) or not isinstance(zones, list)):
        return zones if isinstance(zones, Unknown) else Unknown("zones is not an array")
    return zones


def _mode_parameters(res: Resource) -> tuple:
    """The parameters the set's orchestrationMode was read from (``parameters_read``)."""
    path = tuple(res.pointer) + ("properties", "orchestrationMode")
    return parameters_read(res, written_pointer(res.doc.data, path) if res.doc is not None else path, path)


def _deployed(res: Resource) -> bool:
    """Whether a resource will be deployed: a known-false condition removes it, and an
    ``existing`` one is a reference to a resource deployed elsewhere."""
    return res.condition is not False and not res.existing


class Model:
    """All resources of one template, with typed views and links."""

    def __init__(self, resources: list[Resource] | None = None, *, expansion: Expansion | None = None):
        """From a list of resources, or from an ``Expansion``, whose resources are then
        built one type at a time, when a rule asks for that type."""
        self._expansion = expansion
        self._listed = resources
        # type -> its resources: from a list, all at once; from an expansion, per type on first lookup
        self._all_by_type: dict[str, list[Resource]] = {}
        if expansion is None:
            for r in resources or ():
                bucket = self._all_by_type.get(r.type_lower)
                if bucket is None:
                    self._all_by_type[r.type_lower] = [r]
                else:
                    bucket.append(r)
        self._deployed_by_type: dict[str, list[Resource]] = {}  # filled per type on first lookup
        # references -> resources; its name index is built per type on first lookup (names are lazy)
        self.links = Links(self)
        self.scale_sets = [ScaleSet(r, self) for r in self.of_type(VMSS)]
        self._sets_by_id = {id(s.res): s for s in self.scale_sets}
        self.memo: dict = {}  # caches of rule helpers for this template, keyed by helper and resource

    @property
    def all(self) -> list[Resource]:
        """Every resource, in template order."""
        if self._listed is None:
            self._listed = self._expansion.resources if self._expansion is not None else []
        return self._listed

    @cached
    def deployed(self) -> list[Resource]:
        """Every deployed resource, in template order."""
        return [r for r in self.all if _deployed(r)]

    def scale_set_view(self, res: Resource) -> ScaleSet | None:
        return self._sets_by_id.get(id(res))

    def all_of_type(self, type_lower: str) -> list[Resource]:
        """Every resource of a type, deployed or not (conditions and ``existing`` included)."""
        found = self._all_by_type.get(type_lower)
        if found is None:
            found = self._expansion.of_type(type_lower) if self._expansion is not None else []
            self._all_by_type[type_lower] = found
        return found

    def has_type(self, type_lower: str) -> bool:
        """Whether the template holds a resource of a type (deployed or not), without
        building any."""
        found = self._all_by_type.get(type_lower)
        if found is not None:
            return len(found) > 0
        return self._expansion is not None and self._expansion.has_type(type_lower)

    def of_type(self, type_lower: str) -> list[Resource]:
        """Resources of a type that will be deployed (see ``_deployed``)."""
        found = self._deployed_by_type.get(type_lower)
        if found is None:
            found = self._deployed_by_type[type_lower] = [r for r in self.all_of_type(type_lower) if _deployed(r)]
        return found

    @cached
    def vms(self) -> list[Resource]:
        return self.of_type(VM)

    def resolve(self, id_value: Any, type_lower: str | None = None) -> Resource | None:
        """The resource in this template that an id refers to, if that is certain: by the
        same name, or by a name computed the same way (see ``model/links.py``)."""
        return self.links.target(id_value, type_lower)

    def scale_set(self, id_value: Any) -> ScaleSet | None:
        res = self.resolve(id_value, VMSS)
        if res is None or res.existing:
            return None
        return self._sets_by_id.get(id(res))

    def vm_target(self, vm: Resource) -> ScaleSet | None:
        return self.scale_set(vm.get("properties", "virtualMachineScaleSet", "id"))

    @cached
    def joining(self) -> dict[int, list[Resource]]:
        """Scale set (by object id) -> the VMs that join it."""
        out: dict[int, list[Resource]] = {}
        for vm in self.vms:
            target = self.vm_target(vm)
            if target is not None:
                out.setdefault(id(target.res), []).append(vm)
        return out

    def vms_joining(self, scale_set: ScaleSet) -> list[Resource]:
        return self.joining.get(id(scale_set.res), [])

    def autoscale_target(self, setting: Resource) -> ScaleSet | None:
        return self.scale_set(setting.get("properties", "targetResourceUri"))
