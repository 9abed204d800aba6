"""The pages of the organisation: the tree and the units (`units`), and reorganisations
(`reorganisations`)."""
