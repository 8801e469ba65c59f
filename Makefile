.PHONY: run test bench
run:  ## install (only what changed) and start the dashboard on the bundled sample data; PORT=8600 picks the port
	bash scripts/run-dashboard.sh $(if $(PORT),--port $(PORT))
test: ## install everything the tests need and run them
	bash scripts/test.sh
bench: ## performance benchmarks (see README)
	.venv/bin/python benchmarks/run_all.py
