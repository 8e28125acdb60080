"""What every layer shares and nothing else: the error hierarchy and the result-table mixin."""
