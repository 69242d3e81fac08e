"""Reading the figures of a whole article into draft indicators (issue #15, in progress)."""
