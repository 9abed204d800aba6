"""The forms of targets: indicators and targets (`targets`), the entry grid, approvals, the opening of a
period and the value import (`entry`)."""
