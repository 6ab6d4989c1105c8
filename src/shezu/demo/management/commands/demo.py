"""shezu demo: make the synthetic Kunming census and run the pipeline on it.

Generate (once) → import the six files → link them into the register → write the
ledger (台账.xlsx) and the record → organization list (links.csv) next to the data →
take in the counties' filled classification workbook → assign every organization its
responsible body as of the census's data date → import the counties' Party files
(organizations, members, secretaries, instructors, activities) → create the three demo logins (city,
county, township) → serve the web UI, so the demo ends where people look at it. The
files go where the user asked (var/demo under the current folder by default); the
register goes into the user's database like any other.
"""

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser
from django.db.models import Max

from shezu.accounts.areas import area_name
from shezu.affiliation.facts import facts_import
from shezu.affiliation.reporting import run_render as assign_render
from shezu.affiliation.services import assignment_run
from shezu.census.intake.reporting import summaries_render
from shezu.census.intake.services import manifest_import
from shezu.census.models import ImportBatch
from shezu.census.register.exports import ledger_export, links_export
from shezu.census.register.reporting import run_render
from shezu.census.register.services import register_link
from shezu.commands import ShezuCommand, output_folder
from shezu.demo.accounts import DEMO_PASSWORD, demo_accounts_create
from shezu.demo.census.generate import generate
from shezu.demo.party import IMPORT_ORDER
from shezu.party.services import party_import
from shezu.web.management.commands.serve import DEFAULT_PORT, port_number

FACTS_WORKBOOK = "分类补充_已填.xlsx"  # written by the generator, as a county returns it


class Command(ShezuCommand):
    help = "生成昆明演示数据，导入并关联入库 (generate the demo census, import and link it)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out",
            type=output_folder,
            default="var/demo",  # a string, so that it is checked like a typed one
            metavar="OUTDIR",
            help="演示数据目录 (default var/demo)",
        )
        parser.add_argument("--scale", type=float, default=1.0, help="规模：1 ≈ 4,900 个组织")
        parser.add_argument("--seed", type=int, default=2016)
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="不启动网页服务，做完即退出 (for scripts: do not start the web server)",
        )
        parser.add_argument(
            "--port",
            type=port_number,
            default=DEFAULT_PORT,
            help=f"网页端口 (default {DEFAULT_PORT})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        manifest = out / "manifest.csv"
        if not manifest.exists():
            self.stdout.write(f"生成演示数据 → {out} …")
            generate(out, scale=options["scale"], seed=options["seed"])
        summaries = manifest_import(manifest=manifest)
        self.stdout.write(summaries_render(summaries), ending="")
        self.stdout.write("关联入库 linking the register …")
        self.stdout.write(run_render(register_link()), ending="")
        ledger, links = out / "台账.xlsx", out / "links.csv"
        organizations = ledger_export(out=ledger)
        links_export(out=links)
        self.stdout.write(f"台账 {organizations:,} 个组织 → {ledger}；来源记录归属 → {links}")
        facts = out / FACTS_WORKBOOK
        if facts.exists():
            report = facts_import(facts)
            self.stdout.write(
                f"分类补充信息 {facts.name}：写入 {report.applied:,} 行，"
                f"退回 {len({row for row, _, _ in report.rejected}):,} 行"
            )
        as_of = ImportBatch.objects.aggregate(last=Max("as_of"))["last"]
        self.stdout.write(assign_render(assignment_run(as_of=as_of)), ending="")
        for kind, name in IMPORT_ORDER:  # Party organizations first, then what names them
            path = out / name
            if path.exists():  # a folder generated before the Party files has none
                imported = party_import(path, kind, by="demo")
                self.stdout.write(
                    f"党建数据 {name}：读取 {imported.rows_read:,} 行，"
                    f"写入 {imported.accepted:,} 行，退回 {imported.rejected:,} 行"
                )
        self.database_line()
        self.logins_show()
        if not options["no_serve"]:
            call_command("serve", port=options["port"], stdout=self.stdout, stderr=self.stderr)

    def logins_show(self) -> None:
        self.stdout.write("演示账号 demo logins（网页 web UI）：")
        for login in demo_accounts_create():
            where = area_name(login.area_code)
            self.stdout.write(f"  {login.username:<14}{login.role.label} {where}")
        self.stdout.write(f"  密码 password: {DEMO_PASSWORD}")
