"""Build a realistic fleet deterministically from a seed and a size."""

from __future__ import annotations

import logging
import random
import time
import uuid
from dataclasses import dataclass

from pvesphere_desktop.simulator.model import (
    GIB,
    MIB,
    AclEntry,
    ApiToken,
    BackupJob,
    Cluster,
    Fleet,
    Group,
    Guest,
    HAGroup,
    HAResource,
    HARule,
    Node,
    Pool,
    Snapshot,
    Storage,
    Task,
    User,
    Volume,
    format_size,
)
from pvesphere_desktop.simulator.upid import make_upid
from pvesphere_desktop.simulator.versions import VERSION_KEYS, profile

log = logging.getLogger(__name__)

SITES = (
    "fra",
    "ams",
    "par",
    "lon",
    "nyc",
    "sfo",
    "sgp",
    "tyo",
    "syd",
    "waw",
    "mad",
    "mil",
    "sto",
    "dub",
    "zrh",
    "vie",
    "prg",
    "osl",
    "hel",
    "lis",
    "ber",
    "muc",
    "bru",
    "cph",
    "ath",
    "buc",
    "sof",
    "rig",
    "tll",
    "vno",
)
ENVS = ("prod", "dev", "lab", "stage", "dr", "edge")
ROLES = (
    "web",
    "db",
    "cache",
    "mq",
    "k8s-master",
    "k8s-worker",
    "ci-runner",
    "mail",
    "dns",
    "ldap",
    "grafana",
    "prometheus",
    "gitlab",
    "nextcloud",
    "backup",
    "vpn",
    "proxy",
    "es",
    "kafka",
    "redis",
    "pg",
    "mysql",
    "jump",
    "win-ad",
    "win-rds",
    "build",
    "minio",
    "vault",
    "consul",
)
TAGS = (
    "prod",
    "dev",
    "web",
    "db",
    "k8s",
    "monitoring",
    "backup",
    "critical",
    "legacy",
    "customer-a",
    "customer-b",
    "linux",
    "windows",
)
CPU_MODELS = (
    ("Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", "2000.000"),
    ("AMD EPYC 7543P 32-Core Processor", "2800.000"),
    ("Intel(R) Xeon(R) Silver 4314 CPU @ 2.40GHz", "2400.000"),
    ("AMD EPYC 9254 24-Core Processor", "2900.000"),
    ("Intel(R) Xeon(R) E-2388G CPU @ 3.20GHz", "3200.000"),
)
ISOS = (
    ("debian-12.7.0-amd64-netinst.iso", 661 * MIB),
    ("ubuntu-24.04.1-live-server-amd64.iso", 2694 * MIB),
    ("virtio-win-0.1.262.iso", 708 * MIB),
    ("Win2022_EN-US_20348.169.iso", 4934 * MIB),
    ("rocky-9.4-x86_64-minimal.iso", 1740 * MIB),
)
VZTMPLS = (
    ("debian-12-standard_12.7-1_amd64.tar.zst", 126 * MIB, "debian"),
    ("ubuntu-24.04-standard_24.04-2_amd64.tar.zst", 141 * MIB, "ubuntu"),
    ("alpine-3.20-default_20240908_amd64.tar.xz", 3 * MIB, "alpine"),
    ("rockylinux-9-default_20240912_amd64.tar.xz", 96 * MIB, "centos"),
)
TAG_COUNTS = (0, 1, 1, 2, 2, 3)
SNAPSHOT_NAMES = ("clean-install", "before-upgrade", "pre-patch", "known-good", "release-1-4")
DAY = 86400


@dataclass(frozen=True)
class FleetSpec:
    """Size and shape of a generated fleet."""

    clusters: int = 3
    nodes: int = 3
    guests: int = 30
    versions: tuple[str, ...] = VERSION_KEYS
    seed: int = 1
    standalone: int = 0  # how many of the clusters are single nodes without a cluster
    epoch: float | None = None  # "now" of the generated history (default: the current time)

    def __post_init__(self) -> None:
        if self.clusters < 1 or self.nodes < 1 or self.guests < 0:
            raise ValueError("clusters and nodes must be >= 1, guests >= 0")
        if self.clusters > len(SITES) * len(ENVS):
            raise ValueError(f"at most {len(SITES) * len(ENVS)} clusters")
        if not 0 <= self.standalone <= self.clusters:
            raise ValueError("standalone must be between 0 and clusters")
        for key in self.versions:
            profile(key)


def _mac(rng: random.Random) -> str:
    bits = rng.getrandbits(24)
    return f"BC:24:11:{bits >> 16:02X}:{(bits >> 8) & 0xFF:02X}:{bits & 0xFF:02X}"


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _secret(rng: random.Random, length: int = 14) -> str:
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alphabet) for _ in range(length))


def _totp_secret(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "".join(rng.choice(alphabet) for _ in range(32))


def generate_fleet(spec: FleetSpec) -> Fleet:
    """Generate a fleet from ``spec``; the same spec always gives the same fleet."""
    rng = random.Random(spec.seed)
    base = int(time.time() if spec.epoch is None else spec.epoch)
    fleet = Fleet(seed=spec.seed)
    names: list[str] = []
    sites = list(SITES)
    rng.shuffle(sites)
    for i in range(spec.clusters):
        site = sites[i % len(sites)]
        env = ("prod", "dev", "lab")[i % 3] if i < len(sites) else ENVS[(i // len(sites)) % 6]
        name = f"{site}-{env}"
        while name in names:
            name += "x"
        names.append(name)
        standalone = i >= spec.clusters - spec.standalone
        version = spec.versions[i % len(spec.versions)]
        cluster = generate_cluster(
            name=name,
            site=site,
            version=version,
            nodes=1 if standalone else spec.nodes,
            guests=spec.guests,
            seed=rng.getrandbits(32),
            standalone=standalone,
            base=base,
        )
        fleet.clusters[name] = cluster
    return fleet


def generate_cluster(
    *,
    name: str,
    site: str,
    version: str,
    nodes: int,
    guests: int,
    seed: int,
    standalone: bool,
    base: int,
) -> Cluster:
    """Generate one cluster (or standalone node) with its guests, storage and accounts."""
    rng = random.Random(seed)
    prof = profile(version)
    cluster = Cluster(name=name, version=version, standalone=standalone, seed=seed)
    cluster.cluster_config_version = rng.randrange(3, 40)
    _add_nodes(cluster, site, nodes, rng, base)
    _add_storage(cluster, rng, base)
    _add_accounts(cluster, rng)
    _add_guests(cluster, guests, rng, prof.major, base)
    _add_pools(cluster, rng)
    _add_ha(cluster, rng)
    _add_backup_jobs(cluster, rng)
    _add_task_history(cluster, rng, base)
    cluster.options = {
        "keyboard": "en-us",
        "tag-style": "shape=circle,color-map=prod:c62828:ffffff;dev:2e7d32:ffffff",
        "user-tag-access": "user-allow=free",
    }
    return cluster


def _add_nodes(cluster: Cluster, site: str, count: int, rng: random.Random, base: int) -> None:
    for n in range(1, count + 1):
        model, mhz = rng.choice(CPU_MODELS)
        sockets = rng.choice((1, 1, 2))
        cpus = sockets * rng.choice((8, 16, 24, 32))
        name = f"{site}-pve{n:02d}" if not cluster.standalone else f"{site}-host01"
        lan = f"10.{rng.randrange(1, 250)}.{rng.randrange(1, 250)}"
        node = Node(
            name=name,
            nodeid=n,
            ip="",
            cpus=cpus,
            sockets=sockets,
            cpu_model=model,
            mhz=mhz,
            memory_total=rng.choice((128, 256, 384, 512)) * GIB - rng.randrange(200, 900) * MIB,
            swap_total=rng.choice((0, 8 * GIB)),
            rootfs_total=rng.choice((94, 98, 220, 440)) * GIB,
            boot_time=base - rng.randrange(2, 90) * DAY - rng.randrange(DAY),
            seed=rng.getrandbits(32),
        )
        node.interfaces = [
            {
                "iface": "lo",
                "type": "loopback",
                "method": "loopback",
                "method6": "manual",
                "families": ["inet"],
                "autostart": 1,
                "active": 1,
                "priority": 1,
            },
            {
                "iface": "eno1",
                "type": "eth",
                "method": "manual",
                "method6": "manual",
                "families": ["inet"],
                "exists": 1,
                "active": 1,
                "priority": 2,
            },
            {
                "iface": "eno2",
                "type": "eth",
                "method": "manual",
                "method6": "manual",
                "families": ["inet"],
                "exists": 1,
                "priority": 3,
            },
            {
                "iface": "vmbr0",
                "type": "bridge",
                "method": "static",
                "method6": "manual",
                "families": ["inet"],
                "autostart": 1,
                "active": 1,
                "priority": 4,
                "address": f"{lan}.{10 + n}",
                "netmask": "24",
                "cidr": f"{lan}.{10 + n}/24",
                "gateway": f"{lan}.1",
                "bridge_ports": "eno1",
                "bridge_stp": "off",
                "bridge_fd": "0",
            },
        ]
        node.services = dict.fromkeys(
            (
                "pveproxy",
                "pvedaemon",
                "pvestatd",
                "pve-cluster",
                "corosync",
                "pve-firewall",
                "pve-ha-lrm",
                "pve-ha-crm",
                "spiceproxy",
                "pvescheduler",
                "chrony",
                "sshd",
                "cron",
                "postfix",
                "syslog",
                "ksmtuned",
                "systemd-journald",
                "systemd-timesyncd",
            ),
            "running",
        )
        if cluster.standalone:
            node.services["corosync"] = "dead"
        node.disks = [
            {
                "devpath": "/dev/nvme0n1",
                "type": "nvme",
                "size": 960197124096,
                "model": "SAMSUNG MZQL2960HCJR-00A07",
                "serial": f"S64F{rng.randrange(10**9):09d}",
                "health": "PASSED",
                "used": "LVM",
                "gpt": 1,
                "wearout": rng.randrange(90, 100),
                "vendor": "unknown",
                "rpm": 0,
                "wwn": "unknown",
                "by_id_link": "/dev/disk/by-id/nvme",
            },
            {
                "devpath": "/dev/sda",
                "type": "ssd",
                "size": 1920383410176,
                "model": "MZ7LH1T9HMLT",
                "serial": f"S45N{rng.randrange(10**9):09d}",
                "health": "PASSED",
                "used": "ZFS",
                "gpt": 1,
                "wearout": rng.randrange(90, 100),
                "vendor": "ATA",
                "rpm": 0,
                "wwn": "unknown",
                "by_id_link": "/dev/disk/by-id/ata",
            },
        ]
        cluster.nodes[name] = node


def _add_storage(cluster: Cluster, rng: random.Random, base: int) -> None:
    multi = len(cluster.nodes) > 1
    stores = [
        Storage(
            "local",
            "dir",
            ["iso", "vztmpl", "backup"],
            False,
            94 * GIB,
            9 * GIB,
            path="/var/lib/vz",
        ),
        Storage("local-lvm", "lvmthin", ["images", "rootdir"], False, 3500 * GIB, 0),
    ]
    if multi:
        stores.append(Storage("ceph-vm", "rbd", ["images", "rootdir"], True, 40960 * GIB, 0))
        stores.append(
            Storage(
                "nas-backup",
                "nfs",
                ["backup", "iso", "vztmpl", "import"],
                True,
                16384 * GIB,
                2100 * GIB,
                path="/mnt/pve/nas-backup",
            )
        )
    for store in stores:
        cluster.storages[store.storage] = store
    iso_store = "nas-backup" if multi else "local"
    ctime = base - 40 * DAY
    for node in [""] if multi else list(cluster.nodes):
        volumes = cluster.storages[iso_store].volumes.setdefault(node, {})
        for fname, size in ISOS:
            volid = f"{iso_store}:iso/{fname}"
            volumes[volid] = Volume(volid, "iso", "iso", size, ctime + rng.randrange(DAY * 30))
        for fname, size, _ in VZTMPLS:
            volid = f"{iso_store}:vztmpl/{fname}"
            fmt = "tzst" if fname.endswith("zst") else "txz"
            volumes[volid] = Volume(volid, "vztmpl", fmt, size, ctime + rng.randrange(DAY * 30))


def _add_accounts(cluster: Cluster, rng: random.Random) -> None:
    cluster.realms = [
        {"realm": "pam", "type": "pam", "comment": "Linux PAM standard authentication"},
        {"realm": "pve", "type": "pve", "comment": "Proxmox VE authentication server"},
    ]
    cluster.groups = {
        "admins": Group("admins", "Datacenter administrators"),
        "auditors": Group("auditors", "Read-only monitoring"),
    }
    root = User("root@pam", password=_secret(rng), email="root@example.invalid")
    root.tokens["pvesphere"] = ApiToken(
        "pvesphere", _uuid(rng), privsep=False, comment="full access for PveSphere"
    )
    admin = User(
        "admin@pve",
        password=_secret(rng),
        firstname="Ada",
        lastname="Admin",
        email="ada@example.invalid",
        groups=["admins"],
    )
    audit = User(
        "audit@pve",
        password=_secret(rng),
        firstname="Otto",
        lastname="Auditor",
        groups=["auditors"],
        comment="read-only",
    )
    audit.tokens["monitor"] = ApiToken(
        "monitor", _uuid(rng), privsep=True, comment="read-only monitoring"
    )
    tfa = User(
        "tfa@pve",
        password=_secret(rng),
        firstname="Tara",
        lastname="Twofactor",
        groups=["admins"],
        totp_secret=_totp_secret(rng),
    )
    tfa.recovery_keys = [
        f"{rng.getrandbits(64):016x}"[:4] + "-" + f"{rng.getrandbits(64):016x}"[:4]
        for _ in range(4)
    ]
    ops = User(
        "ops@pve",
        password=_secret(rng),
        firstname="Olli",
        lastname="Ops",
        comment="operators of the dev pool",
    )
    ops.tokens["automation"] = ApiToken("automation", _uuid(rng), privsep=True)
    for user in (root, admin, audit, tfa, ops):
        cluster.users[user.userid] = user
    cluster.acl = [
        AclEntry("/", "admins", "group", "Administrator"),
        AclEntry("/", "auditors", "group", "PVEAuditor"),
        AclEntry("/", "audit@pve!monitor", "token", "PVEAuditor"),
        AclEntry("/pool/dev", "ops@pve", "user", "PVEVMAdmin"),
        AclEntry("/pool/dev", "ops@pve!automation", "token", "PVEVMUser"),
        AclEntry("/", "ops@pve", "user", "PVEAuditor", propagate=False),
    ]


def _guest_name(rng: random.Random, counters: dict[str, int]) -> str:
    role = ROLES[int(rng.random() * len(ROLES))]
    counters[role] = counters.get(role, 0) + 1 + (1 if rng.random() < 0.15 else 0)
    return f"{role}-{counters[role]:02d}"


def _add_guests(cluster: Cluster, count: int, rng: random.Random, major: int, base: int) -> None:
    nodes = list(cluster.nodes)
    multi = len(nodes) > 1
    used_names: dict[str, int] = {}
    vmid = 100
    template_vmid = 9000
    for i in range(count):
        is_template = count >= 10 and i % 33 == 7
        kind = "qemu" if rng.random() < 0.6 or (is_template and i % 2) else "lxc"
        if is_template:
            vmid_i = template_vmid
            template_vmid += 1
        else:
            vmid_i = vmid
            vmid += 1
        node = rng.choice(nodes)
        storage = "ceph-vm" if multi and rng.random() < 0.6 else "local-lvm"
        name = (
            f"tpl-{rng.choice(('debian-12', 'ubuntu-2404', 'rocky-9', 'win2022'))}-{vmid_i}"
            if is_template
            else _guest_name(rng, used_names)
        )
        tags = sorted({TAGS[int(rng.random() * len(TAGS))] for _ in range(rng.choice(TAG_COUNTS))})
        guest = Guest(vmid=vmid_i, kind=kind, node=node, config={}, seed=rng.getrandbits(32))
        size = rng.choice((8, 16, 32, 32, 50, 64, 100, 200)) * GIB
        if kind == "qemu":
            windows = name.startswith("win") or "win2022" in name
            guest.config = {
                "name": name,
                "memory": rng.choice((1024, 2048, 4096, 4096, 8192, 16384, 32768)),
                "cores": rng.choice((1, 2, 2, 4, 4, 8)),
                "sockets": 1,
                "cpu": "x86-64-v2-AES" if major >= 8 else "kvm64",
                "ostype": "win11" if windows else "l26",
                "boot": "order=scsi0;ide2;net0",
                "scsihw": "virtio-scsi-single",
                "net0": f"virtio={_mac(rng)},bridge=vmbr0,firewall=1",
                "scsi0": f"{storage}:vm-{vmid_i}-disk-0,iothread=1,size={format_size(size)}",
                "ide2": "none,media=cdrom",
                "numa": 0,
                "onboot": 1 if rng.random() < 0.7 else 0,
                "smbios1": f"uuid={_uuid(rng)}",
                "vmgenid": _uuid(rng),
                "meta": f"creation-qemu={profile(cluster.version).qemu_version},"
                f"ctime={base - rng.randrange(400) * DAY}",
            }
            if rng.random() < 0.8:
                guest.config["agent"] = "1"
            content, fmt = "images", "raw"
        else:
            tmpl = rng.choice(VZTMPLS)
            guest.config = {
                "arch": "amd64",
                "hostname": name,
                "memory": rng.choice((512, 1024, 2048, 4096)),
                "swap": 512,
                "cores": rng.choice((1, 2, 4)),
                "ostype": tmpl[2],
                "rootfs": f"{storage}:vm-{vmid_i}-disk-0,size={format_size(size // 4 or GIB)}",
                "net0": f"name=eth0,bridge=vmbr0,firewall=1,hwaddr={_mac(rng)},ip=dhcp,type=veth",
                "onboot": 1 if rng.random() < 0.7 else 0,
                "unprivileged": 1,
                "features": "nesting=1",
            }
            size = size // 4 or GIB
            content, fmt = "rootdir", "raw"
        if tags:
            guest.config["tags"] = ";".join(tags)
        if rng.random() < 0.15:
            guest.config["description"] = f"Managed by team {rng.choice(('blue', 'red', 'ops'))}"
        volid = f"{storage}:vm-{vmid_i}-disk-0"
        # A time of day of its own, taken from the VMID so the random sequence stays the same.
        created = base - rng.randrange(400) * DAY - (vmid_i * 40_507) % DAY
        cluster.storages[storage].volume_map(node)[volid] = Volume(
            volid, content, fmt, size, created, vmid=vmid_i
        )
        if is_template:
            guest.config["template"] = 1
        else:
            roll = rng.random()
            boot = base - rng.randrange(1, 20) * DAY - rng.randrange(DAY)
            boot = max(boot, int(cluster.nodes[node].boot_time) + rng.randrange(120, 900))
            if roll < 0.70:
                _set_running(guest, boot, rng)
            elif roll < 0.73 and kind == "qemu":
                _set_running(guest, boot, rng)
                guest.qmpstatus = "paused"
            elif roll < 0.75:
                _set_running(guest, boot, rng)
                guest.config["lock"] = "backup"
            elif roll < 0.76 and kind == "qemu":
                guest.config["lock"] = "suspended"
                guest.stopped_at = boot
            else:
                guest.stopped_at = boot
            if rng.random() < (0.2 if kind == "qemu" else 0.12):
                _add_snapshots(guest, rng, base)
        cluster.guests[vmid_i] = guest
        if i == 19 and not guest.template and not any(g.lock for g in cluster.guests.values()):
            # every realistic fleet has a guest stuck in a backup lock somewhere
            guest.config["lock"] = "backup"
        if rng.random() < 0.3 and not is_template:
            _add_backup_volume(cluster, guest, rng, base)


def _set_running(guest: Guest, since: float, rng: random.Random) -> None:
    guest.status = "running"
    guest.qmpstatus = "running"
    guest.started_at = since
    guest.pid = rng.randrange(1000, 4_000_000)
    guest.agent_running = guest.config.get("agent") == "1"


def _add_snapshots(guest: Guest, rng: random.Random, base: int) -> None:
    parent: str | None = None
    t = base - rng.randrange(100, 300) * DAY
    for name in rng.sample(SNAPSHOT_NAMES, rng.randrange(1, 4)):
        t += rng.randrange(1, 60) * DAY
        cfg = {k: v for k, v in guest.config.items() if k not in ("lock", "parent")}
        if parent:
            cfg["parent"] = parent
        guest.snapshots[name] = Snapshot(
            name=name,
            description=f"{name.replace('-', ' ')}" if rng.random() < 0.6 else "",
            snaptime=t,
            vmstate=guest.kind == "qemu" and rng.random() < 0.3,
            parent=parent,
            config=cfg,
        )
        parent = name
    guest.config["parent"] = parent


def _add_backup_volume(cluster: Cluster, guest: Guest, rng: random.Random, base: int) -> None:
    store = cluster.storages.get("nas-backup") or cluster.storages["local"]
    kind = "qemu" if guest.kind == "qemu" else "lxc"
    for _ in range(rng.randrange(1, 4)):
        ctime = base - rng.randrange(1, 30) * DAY + rng.randrange(DAY)
        stamp = _stamp(ctime)
        ext = "vma.zst" if kind == "qemu" else "tar.zst"
        volid = f"{store.storage}:backup/vzdump-{kind}-{guest.vmid}-{stamp}.{ext}"
        store.volume_map(guest.node)[volid] = Volume(
            volid,
            "backup",
            ext,
            rng.randrange(1, 40) * GIB // 3,
            ctime,
            vmid=guest.vmid,
            notes=guest.name,
        )


def _stamp(epoch: float) -> str:
    return time.strftime("%Y_%m_%d-%H_%M_%S", time.gmtime(epoch))


def _add_pools(cluster: Cluster, rng: random.Random) -> None:
    pools = {
        "prod": Pool("prod", "Production workloads"),
        "dev": Pool("dev", "Development and tests"),
        "infra": Pool("infra", ""),
    }
    for guest in cluster.guests.values():
        tags = guest.tags.split(";")
        if "prod" in tags:
            pools["prod"].vmids.add(guest.vmid)
        elif "dev" in tags:
            pools["dev"].vmids.add(guest.vmid)
        elif rng.random() < 0.1:
            pools["infra"].vmids.add(guest.vmid)
    free = [
        g.vmid
        for g in cluster.guests.values()
        if not g.template and not any(g.vmid in p.vmids for p in pools.values())
    ]
    for pool in pools.values():
        while len(pool.vmids) < 2 and free:
            pool.vmids.add(free.pop(0))
    if "nas-backup" in cluster.storages:
        pools["infra"].storages.add("nas-backup")
    cluster.pools = pools


def _add_ha(cluster: Cluster, rng: random.Random) -> None:
    if len(cluster.nodes) < 2:
        return
    nodes = list(cluster.nodes)
    running = [g for g in cluster.guests.values() if not g.template and g.running]
    ha_guests = [g for g in running if rng.random() < 0.12] or running[:2]
    prof = profile(cluster.version)
    for guest in ha_guests:
        sid = f"{'vm' if guest.kind == 'qemu' else 'ct'}:{guest.vmid}"
        cluster.ha_resources[sid] = HAResource(sid=sid, state="started")
    if not ha_guests:
        return
    prefer = nodes[0]
    members = ",".join(f"{'vm' if g.kind == 'qemu' else 'ct'}:{g.vmid}" for g in ha_guests[:3])
    node_prio = ",".join(f"{n}:{2 if n == prefer else 1}" for n in nodes)
    if prof.ha_rules:
        cluster.ha_rules["prefer-" + prefer] = HARule(
            rule="prefer-" + prefer, type="node-affinity", resources=members, nodes=node_prio
        )
    else:
        cluster.ha_groups["prefer-" + prefer] = HAGroup("prefer-" + prefer, node_prio)
        for sid in members.split(","):
            cluster.ha_resources[sid].group = "prefer-" + prefer


def _add_backup_jobs(cluster: Cluster, rng: random.Random) -> None:
    store = "nas-backup" if "nas-backup" in cluster.storages else "local"
    cluster.backup_jobs = {
        "backup-daily": BackupJob(
            "backup-daily", "21:00", store, all=True, comment="nightly backup of everything"
        ),
        "backup-prod": BackupJob(
            "backup-prod", "sun 01:00", store, pool="prod", mode="stop", enabled=rng.random() < 0.8
        ),
    }


def _add_task_history(cluster: Cluster, rng: random.Random, base: int) -> None:
    kinds = (
        ("qmstart", "qemu"),
        ("qmstop", "qemu"),
        ("qmshutdown", "qemu"),
        ("vzstart", "lxc"),
        ("vzdump", ""),
        ("qmsnapshot", "qemu"),
        ("aptupdate", "node"),
        ("vncproxy", "qemu"),
    )
    by_node_kind: dict[tuple[str, str], list[Guest]] = {}
    for g in cluster.guests.values():
        if not g.template:
            by_node_kind.setdefault((g.node, g.kind), []).append(g)
    for node in cluster.nodes.values():
        pid = rng.randrange(10_000, 60_000)
        start = base - 3 * DAY
        for _ in range(8):
            ttype, want = rng.choice(kinds)
            kinds_wanted = ("qemu", "lxc") if want == "" else (want,)
            pool = [g for k in kinds_wanted for g in by_node_kind.get((node.name, k), [])]
            ident = "" if want == "node" or not pool else str(rng.choice(pool).vmid)
            start += rng.randrange(600, 30_000)
            pid += rng.randrange(10, 500)
            pstart = int((start - node.boot_time) * 100)
            upid = make_upid(
                node.name,
                pid=pid,
                pstart=pstart,
                starttime=int(start),
                ttype=ttype,
                ident=ident,
                user="root@pam",
            )
            failed = rng.random() < 0.1
            duration = rng.randrange(1, 90)
            status = "command 'apt-get update' failed: exit code 100" if failed else "OK"
            cluster.tasks[upid] = Task(
                upid=upid,
                node=node.name,
                pid=pid,
                pstart=pstart,
                starttime=int(start),
                type=ttype,
                id=ident,
                user="root@pam",
                status="stopped",
                exitstatus=status,
                endtime=int(start) + duration,
                log=["starting task", f"TASK ERROR: {status}" if failed else "TASK OK"],
            )
