# %% [markdown]
# # A dasweep table in Python
#
# Reads a results table (`<out>/trials`, a folder of Parquet) with DuckDB and with pandas + pyarrow, keeps each
# trial's latest OK row (one run date per trial), puts every DAS trial beside its own controls and plots DAS's IIA by
# layer × variable set. Its SQL is dasweep's own (`NotebookSql`, `CellSql`: the report's and `export --latest`'s);
# `NotebookTest` runs every SQL cell of this notebook on a real table.
#
# Needs `duckdb`, `pandas`, `pyarrow` and `matplotlib`. The table: `DASWEEP_TABLE` (default `out/trials`); the
# plots are written to `DASWEEP_PLOTS` (default: the current folder). As a script (`examples/dasweep_table.py`, the
# same cells): `DASWEEP_TABLE=out/trials python3 examples/dasweep_table.py`.

# %%
import os
import sys

import duckdb
import matplotlib
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

if "ipykernel" not in sys.modules:
    matplotlib.use("Agg")  # a script: draw to files, no window
import matplotlib.pyplot as plt

TABLE = os.environ.get("DASWEEP_TABLE", "out/trials")
PLOTS = os.environ.get("DASWEEP_PLOTS", ".")
LAYERS = ["conv1", "conv2", "conv3", "fc1"]  # network order

# %% [markdown]
# ## The table in DuckDB
#
# The Parquet files under `sweep=<name>/run_date=<date>/` as the view `trials`; the partition values stay text, as
# dasweep writes them.

# %%
TRIALS_VIEW = """\
CREATE OR REPLACE VIEW trials AS
SELECT * FROM read_parquet('{table}/sweep=*/run_date=*/*.parquet', hive_partitioning = true,
                           hive_types = {'sweep': VARCHAR, 'run_date': VARCHAR}, union_by_name = true)"""
con = duckdb.connect()
con.execute(TRIALS_VIEW.replace("{table}", TABLE))
print(con.sql("SELECT sweep, run_date, status, count(*) AS rows FROM trials GROUP BY ALL ORDER BY ALL").df())

# %% [markdown]
# ## Each trial's latest OK row
#
# A trial appears once per run (a retry after a failure, or a recompute under a later `run_date`); its result is its
# latest OK row. DAS rows and their control rows (`control` = `random_rotation`, `untrained_network`) stay side by
# side. This is exactly what `dasweep export --latest` writes.

# %%
LATEST = """\
SELECT trial_id, run_id, cell_index, objective, objective_coefficients, objective_threshold,
       network, network_source, network_index, network_sha256, network_test_accuracy, variables,
       variable_set, layer, view, intervention, k, multi_source, lr, epochs, batch_size, seed,
       data_seed, n_train, n_eval, iia, trivial_iia, base_accuracy, final_loss, epoch_losses,
       orthogonality_error, epoch_seconds, train_seconds, eval_seconds, wall_seconds, device,
       threads, host, executor_id, status, error, spec_json, code_version, spark_version,
       djl_version, pytorch_version, started_at, control, controls_trial_id, pack_size, pack_id,
       iia_low, iia_high, iia_heldout, heldout_seconds, subspace_uri, subspace_sha256, sweep,
       run_date FROM (
  SELECT *, row_number() OVER (PARTITION BY sweep, trial_id ORDER BY run_date DESC, started_at DESC) AS nth
  FROM trials WHERE status = 'OK'
) WHERE nth = 1"""
latest = con.sql(LATEST).df()
print(len(latest), "trials;", latest["control"].fillna("DAS").value_counts().to_dict())

# %% [markdown]
# ## The same with pandas + pyarrow
#
# pyarrow reads the partitioned folder (the partition values as text); the latest-row rule in pandas gives the same
# rows as the SQL.

# %%
partitions = ds.partitioning(pa.schema([("sweep", pa.string()), ("run_date", pa.string())]), flavor="hive")
rows = ds.dataset(TABLE, format="parquet", partitioning=partitions).to_table().to_pandas()
ok = rows[rows["status"] == "OK"].sort_values(["run_date", "started_at"], ascending=False)
latest_pd = ok.drop_duplicates(["sweep", "trial_id"])
assert set(zip(latest_pd["trial_id"], latest_pd["run_id"])) == set(zip(latest["trial_id"], latest["run_id"]))
print(len(rows), "rows read by pyarrow,", len(latest_pd), "latest OK rows: the same as DuckDB's")

# %% [markdown]
# ## DAS beside its controls
#
# One row per DAS trial: its IIA, the IIA of its own random-rotation control (the same trial, rotation never
# trained) and untrained-network control (the same trial on an untrained network of the same architecture), and the
# trivial IIA (no intervention).

# %%
BESIDE_CONTROLS = """\
WITH latest AS (
SELECT trial_id, run_id, cell_index, objective, objective_coefficients, objective_threshold,
       network, network_source, network_index, network_sha256, network_test_accuracy, variables,
       variable_set, layer, view, intervention, k, multi_source, lr, epochs, batch_size, seed,
       data_seed, n_train, n_eval, iia, trivial_iia, base_accuracy, final_loss, epoch_losses,
       orthogonality_error, epoch_seconds, train_seconds, eval_seconds, wall_seconds, device,
       threads, host, executor_id, status, error, spec_json, code_version, spark_version,
       djl_version, pytorch_version, started_at, control, controls_trial_id, pack_size, pack_id,
       iia_low, iia_high, iia_heldout, heldout_seconds, subspace_uri, subspace_sha256, sweep,
       run_date FROM (
  SELECT *, row_number() OVER (PARTITION BY sweep, trial_id ORDER BY run_date DESC, started_at DESC) AS nth
  FROM trials WHERE status = 'OK'
) WHERE nth = 1
)
SELECT d.sweep, d.objective, d.variable_set, d.layer, d.view, d.intervention, d.k, d.multi_source, d.lr, d.epochs, d.batch_size, d.n_train, d.n_eval,
       d.network, d.seed, d.data_seed, d.run_date, d.trial_id, d.iia AS das_iia,
       r.iia AS random_rotation_iia, u.iia AS untrained_network_iia, d.trivial_iia
FROM latest d
LEFT JOIN latest r ON r.sweep = d.sweep AND r.controls_trial_id = d.trial_id AND r.control = 'random_rotation'
LEFT JOIN latest u ON u.sweep = d.sweep AND u.controls_trial_id = d.trial_id AND u.control = 'untrained_network'
WHERE d.control IS NULL AND d.intervention <> 'vanilla'
ORDER BY d.sweep, d.objective, d.variable_set, d.layer, d.view, d.intervention, d.k, d.multi_source, d.lr, d.epochs, d.batch_size, d.n_train, d.n_eval, d.network, d.seed, d.data_seed"""
beside = con.sql(BESIDE_CONTROLS).df()
beside[["variable_set", "layer", "k", "network", "seed", "das_iia", "random_rotation_iia", "untrained_network_iia",
        "trivial_iia"]]

# %% [markdown]
# ## The cells
#
# A cell is a grid point without its replicates (seed, data seed, network). A network's trials in a cell are
# averaged first, so `n` counts base networks: the report's confidence per cell.

# %%
CELLS = """\
WITH latest AS (  -- each trial's latest OK row
  SELECT *, row_number() OVER (PARTITION BY sweep, trial_id ORDER BY run_date DESC, started_at DESC) AS nth
  FROM trials WHERE status = 'OK'
), per_network AS (  -- a network's trials in the cell (seeds, data seeds) averaged first
  SELECT sweep, objective, variable_set, layer, view, intervention, k, multi_source, lr, epochs, batch_size, n_train, n_eval, control, network,
         avg(iia) AS iia, avg(trivial_iia) AS trivial_iia, count(*) AS trials
  FROM latest WHERE nth = 1
  GROUP BY sweep, objective, variable_set, layer, view, intervention, k, multi_source, lr, epochs, batch_size, n_train, n_eval, control, network
)
SELECT sweep, objective, variable_set, layer, view, intervention, k, multi_source, lr, epochs, batch_size, n_train, n_eval, control,
       count(*) AS n, sum(trials) AS trials, avg(iia) AS mean_iia, stddev_samp(iia) AS sd_iia,
       avg(trivial_iia) AS mean_trivial_iia, stddev_samp(trivial_iia) AS sd_trivial_iia
FROM per_network
GROUP BY sweep, objective, variable_set, layer, view, intervention, k, multi_source, lr, epochs, batch_size, n_train, n_eval, control
ORDER BY sweep, objective, variable_set, layer, view, intervention, k, multi_source, lr, epochs, batch_size, n_train, n_eval, control NULLS FIRST"""
cells = con.sql(CELLS).df()
cells[["objective", "variable_set", "layer", "k", "intervention", "control", "n", "mean_iia", "sd_iia"]]

# %% [markdown]
# ## Layer × variable set
#
# Left: DAS's best mean IIA per variable set and layer (best k and setting). Right: at that best cell, DAS beside the
# mean of its controls (dotted: random rotation; dashed: untrained network) and the trivial IIA (dash-dot), per layer.

# %%
das_cells = cells[cells["control"].isna() & (cells["intervention"] != "vanilla")]
key = ["sweep", "objective", "variable_set", "layer", "view", "intervention", "k", "multi_source", "lr", "epochs",
       "batch_size", "n_train", "n_eval"]
by_cell = beside.groupby(key, as_index=False)[["das_iia", "random_rotation_iia", "untrained_network_iia",
                                               "trivial_iia"]].mean()
for (sweep, objective), group in das_cells.groupby(["sweep", "objective"]):
    best = group.pivot_table(index="variable_set", columns="layer", values="mean_iia", aggfunc="max")
    best = best[[layer for layer in LAYERS if layer in best.columns]]
    cell = by_cell[(by_cell["sweep"] == sweep) & (by_cell["objective"] == objective)]
    cell = cell.loc[cell.groupby(["variable_set", "layer"])["das_iia"].idxmax()]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    image = left.imshow(best.values, vmin=0.5, vmax=1.0, cmap="viridis", aspect="auto")
    left.set_xticks(range(len(best.columns)), best.columns)
    left.set_yticks(range(len(best.index)), best.index)
    for (i, j), value in pd.DataFrame(best.values).stack().items():
        left.text(j, i, f"{value:.3f}", ha="center", va="center", color="black" if value > 0.8 else "white")
    left.set(xlabel="layer", ylabel="variable set", title=f"{sweep} · {objective}: DAS's best mean IIA")
    fig.colorbar(image, ax=left, label="mean IIA")
    layers = [layer for layer in LAYERS if layer in set(cell["layer"])]  # the sweep's layers, in network order
    for variable_set, rows_v in cell.groupby("variable_set"):
        rows_v = rows_v.set_index("layer")
        rows_v = rows_v.reindex([layer for layer in layers if layer in rows_v.index])
        x = [layers.index(layer) for layer in rows_v.index]
        line = right.plot(x, rows_v["das_iia"], "o-", label=f"{variable_set}: DAS")[0]
        right.plot(x, rows_v["random_rotation_iia"], ":", color=line.get_color(), label=f"{variable_set}: random rotation")
        right.plot(x, rows_v["untrained_network_iia"], "--", color=line.get_color(), alpha=0.6,
                   label=f"{variable_set}: untrained network")
        right.plot(x, rows_v["trivial_iia"], "-.", color=line.get_color(), alpha=0.4, label=f"{variable_set}: trivial")
    right.set_xticks(range(len(layers)), layers)
    right.set(ylim=(0, 1), xlabel="layer", ylabel="IIA (mean over networks and seeds)",
              title="DAS beside its controls, best cell per layer")
    right.legend(fontsize=7, loc="lower left", ncol=2)
    fig.tight_layout()
    path = os.path.join(PLOTS, f"layers-{sweep}-{objective}.png")
    fig.savefig(path, dpi=100)
    print("plot:", path)
