"""The model, declared once: controlled words, amounts and dates, records with the relationships
their fields make, and the graph schema derived from them."""
