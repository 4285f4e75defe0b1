"""The referral tree: who introduced whom (`referral_tree`, read in DuckDB and capped for reading), and its
layout (`layout`: generations left to right, each chain a block, parents beside their children; no database).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import duckdb
import pandas as pd

from lib import db, metrics, privacy

NODE_COLUMNS = ["id", "parent_id", "name", "label", "generation", "x", "y", "met", "met_label", "referred"]
EDGE_COLUMNS = ["x", "y", "x2", "y2", "child_met"]
TREE_LIMIT = 100  # people drawn in the referral tree; more is unreadable on a projector
ELBOW = 0.7  # where an edge turns down, as a share of the gap between generations (past the parent's name)


def layout(nodes: pd.DataFrame, *, initials: bool = False,
           name: Callable[[str], str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, edges) with x = generation and y = row; leaves take one row each, a parent sits in the
    middle of its children, chains are separated by an empty row. Names become initials if asked; `name`
    (e.g. the screen-share mask) writes each name as it may be shown, before anything else reads it."""
    if nodes.empty:
        return pd.DataFrame({c: [] for c in NODE_COLUMNS}), pd.DataFrame({c: [] for c in EDGE_COLUMNS})
    ids = [int(i) for i in nodes["id"]]
    present = set(ids)
    parent = {int(r.id): (int(r.parent_id) if pd.notna(r.parent_id) and int(r.parent_id) in present else None)
              for r in nodes.itertuples()}
    if name is not None:
        nodes = nodes.assign(name=nodes["name"].map(lambda v: name(str(v))))
    names = {int(r.id): str(r.name) for r in nodes.itertuples()}
    children: dict[int, list[int]] = {i: [] for i in ids}
    for child, par in parent.items():
        if par is not None:
            children[par].append(child)

    roots = [i for i in ids if parent[i] is None]  # input order = largest chains first
    size = _subtree_sizes(roots, children)
    for i in ids:
        children[i].sort(key=lambda c: (-size[c], names[c]))
    y = _rows(roots, children)

    out = nodes[["id", "parent_id", "name", "generation", "met"]].copy()
    out["id"] = out["id"].astype(int)
    if initials:
        out["name"] = out["name"].map(privacy.initials)
    out["referred"] = out["id"].map(lambda i: size[i] - 1)
    out["label"] = [f"{n} (+{k})" if k else str(n) for n, k in zip(out["name"], out["referred"])]
    out["x"] = out["generation"].astype(int)
    out["y"] = out["id"].map(y)
    out["met"] = out["met"].astype(bool)
    out["met_label"] = out["met"].map({True: "Met", False: "Not met yet"})
    edges = _edges(parent, {int(r.id): (r.x, r.y, r.met) for r in out.itertuples()})
    return out[NODE_COLUMNS].reset_index(drop=True), pd.DataFrame(edges, columns=EDGE_COLUMNS)


def _subtree_sizes(roots: list[int], children: dict[int, list[int]]) -> dict[int, int]:
    """People in each person's subtree, themselves included (iterative to stay safe on long chains)."""
    size: dict[int, int] = {}
    for root in roots:
        stack, order = [root], []
        while stack:
            n = stack.pop()
            order.append(n)
            stack.extend(children[n])
        for n in reversed(order):
            size[n] = 1 + sum(size[c] for c in children[n])
    return size


def _rows(roots: list[int], children: dict[int, list[int]]) -> dict[int, float]:
    """The row of each person: a post-order walk where leaves take the next row and parents the middle of their
    children, with an empty row between chains."""
    y: dict[int, float] = {}
    row = 0.0
    for r in roots:
        stack: list[tuple[int, bool]] = [(r, False)]
        while stack:
            n, done = stack.pop()
            if done or not children[n]:
                if children[n]:
                    y[n] = (y[children[n][0]] + y[children[n][-1]]) / 2
                else:
                    y[n] = row
                    row += 1
                continue
            stack.append((n, True))
            stack.extend((c, False) for c in reversed(children[n]))
        row += 1  # a gap between chains
    return y


def _edges(parent: dict[int, int | None], position: dict[int, tuple]) -> list[dict]:
    """Each link as an elbow: along the parent's row, down, then along the child's row."""
    edges = []
    for c, p in parent.items():
        if p is None:
            continue
        (px, py, _), (cx, cy, met) = position[p], position[c]
        turn = px + ELBOW * (cx - px)
        edges += [{"x": px, "y": py, "x2": turn, "y2": py, "child_met": met},
                  {"x": turn, "y": py, "x2": turn, "y2": cy, "child_met": met},
                  {"x": turn, "y": cy, "x2": cx, "y2": cy, "child_met": met}]
    return edges


def to_dot(nodes: pd.DataFrame, *, initials: bool = False, name: Callable[[str], str] | None = None) -> str:
    """The tree as Graphviz DOT (left to right, people met filled), for st.graphviz_chart or a file.
    `name` as for layout()."""
    lines = ["digraph referrals {", "  rankdir=LR;", '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=14];']
    present = {int(i) for i in nodes["id"]}
    for r in nodes.itertuples():
        label = name(str(r.name)) if name is not None else str(r.name)
        label = privacy.initials(label) if initials else label
        label = label.replace("\\", "\\\\").replace('"', '\\"')
        fill = "#1f77b4" if r.met else "#ffffff"
        font = "#ffffff" if r.met else "#222222"
        lines.append(f'  n{int(r.id)} [label="{label}", fillcolor="{fill}", fontcolor="{font}"];')
    for r in nodes.itertuples():
        if pd.notna(r.parent_id) and int(r.parent_id) in present:
            lines.append(f"  n{int(r.parent_id)} -> n{int(r.id)};")
    lines.append("}")
    return "\n".join(lines)


@dataclass(frozen=True)
class ReferralTree:
    """People in referral chains, capped for reading: `nodes` has one row per person drawn."""

    nodes: pd.DataFrame      # id, parent_id, name, generation, met, root_id, chain_size
    total_people: int        # people in any referral chain, before the cap
    chains: int              # chains (first contacts who referred someone), before the cap
    shown_chains: int

    @property
    def cut(self) -> bool:
        return len(self.nodes) < self.total_people


@db.reads
def referral_tree(con: duckdb.DuckDBPyConnection, workbook_id: int, f: metrics.Filters, today: date,
                  limit: int = TREE_LIMIT) -> ReferralTree:
    """Who introduced whom, from the first contacts (generation 0) down, largest chains first.

    Only people in a chain (who referred someone or were referred) are drawn. The source filter
    applies to the first contact of each chain; people added after the range end are left out.
    At most `limit` people: whole chains by size, and the last one cut by generation.
    """
    _, end = metrics.resolve_range(con, workbook_id, f, today)
    where, params = metrics.source_clause(f, "r")
    frame = con.execute(
        f"""WITH RECURSIVE people AS (
              SELECT c.id, c.full_name, c.source, c.referred_by_contact_id AS parent_id, {metrics.JOINED} AS joined
              FROM contacts c WHERE c.workbook_id = ?),
            roots AS (
              SELECT r.id FROM people r
              WHERE (r.parent_id IS NULL OR r.parent_id NOT IN (SELECT id FROM people))
                AND r.joined <= ? AND {where}
                AND EXISTS (SELECT 1 FROM people k WHERE k.parent_id = r.id AND k.joined <= ?)),
            tree(id, parent_id, root_id, generation) AS (
              SELECT id, NULL::BIGINT, id, 0 FROM roots
              UNION ALL
              SELECT p.id, p.parent_id, t.root_id, t.generation + 1
              FROM people p JOIN tree t ON p.parent_id = t.id
              WHERE t.generation < 30 AND p.joined <= ?),
            sized AS (SELECT *, count(*) OVER (PARTITION BY root_id) AS chain_size FROM tree),
            ranked AS (SELECT *, dense_rank() OVER (ORDER BY chain_size DESC, root_id) AS chain_rank FROM sized),
            ordered AS (SELECT *, row_number() OVER (ORDER BY chain_rank, generation, id) AS n FROM ranked)
            SELECT o.id, o.parent_id, p.full_name AS name, o.generation, o.root_id, o.chain_size, o.chain_rank,
                   EXISTS (SELECT 1 FROM meetings m WHERE m.workbook_id = ? AND m.contact_id = o.id
                           AND {metrics.held(today)} AND CAST(m.scheduled_at AS DATE) <= ?) AS met,
                   (SELECT count(*) FROM ordered) AS total_people,
                   (SELECT count(*) FROM roots) AS chains
            FROM ordered o JOIN people p ON p.id = o.id
            WHERE o.n <= ? ORDER BY o.n""",
        [workbook_id, end, *params, end, end, workbook_id, end, limit],
    ).df()
    if frame.empty:
        empty = metrics.empty_frame(["id", "parent_id", "name", "generation", "met", "root_id", "chain_size"])
        return ReferralTree(empty, 0, 0, 0)
    total, chains = int(frame["total_people"].iloc[0]), int(frame["chains"].iloc[0])
    shown = int(frame["root_id"].nunique())
    nodes = frame[["id", "parent_id", "name", "generation", "met", "root_id", "chain_size"]].copy()
    nodes["parent_id"] = nodes["parent_id"].astype("Int64")
    nodes["met"] = nodes["met"].astype(bool)
    return ReferralTree(nodes.reset_index(drop=True), total, chains, shown)
