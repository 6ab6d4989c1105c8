"""分类与责任归属: classify every organization and assign it to one responsible body."""
