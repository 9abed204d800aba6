"""The example domain's panel on the dashboard and its section of the implementation report."""

from resolute.core.contributions import DashboardPanel, ReportBlocks, ReportSection, contribute
from resolute.core.documents import TableBlock, TextBlock, format_number

WELLS_DUG = 1234


def wells_panel(view):
    return "example_domain/panel.html", {"wells": WELLS_DUG, "unit": view.unit}


def wells_sheets(view):
    def write(sheet):
        sheet.append(["Wells dug", WELLS_DUG])

    return [("wells", "Wells", write)]


def build_wells(scope):
    return {"wells": WELLS_DUG}


def wells_blocks(figures, scope):
    wells = format_number(figures["wells"], 0, scope.language)
    return ReportBlocks(
        results=[f"Wells dug: {wells}."],
        tables=[TextBlock("Wells", "subheading"), TableBlock(["Wells dug"], [[wells]], [1])],
        preview=("example_domain/section.html", {"wells": wells}),
    )


contribute(DashboardPanel(key="example.wells", order=45, half=True, render=wells_panel, sheets=wells_sheets))
contribute(ReportSection(key="example.wells", order=25, build=build_wells, blocks=wells_blocks))
