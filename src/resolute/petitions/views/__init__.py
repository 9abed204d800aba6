"""The petition pages: the list and its export, the intake form and the receipt, a petition's page
with the forms of its steps, and the petitioner's public page."""
