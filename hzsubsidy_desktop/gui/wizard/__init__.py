"""The filling wizard: pages generated from the form definition, in the order of its steps."""
