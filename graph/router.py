"""The offline router: free text in, one primary specialist and its handoffs out.

Scores every agent with two signals and adds them:
- semantic: cosine similarity between the request and the agent's profile
  passages (summary, what it is primary for, example requests), embedded
  locally and stored in Chroma;
- lexical: the agent's vocabulary and the cues of the workflows it leads,
  weighted by how specific each term is.
The best agent becomes primary; the handoff map then fixes the workflow,
supporting agents and human owners. Nothing here needs a network or a key.

Accepted staff corrections (graph/corrections.py) add a third signal: a bonus for the
specialist a very similar corrected request belongs to. A correction moves only the
choice of specialist: a request for a final decision keeps the decision, its kind and
the owner the handoff map gives it without the corrections.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import numpy as np

from agents.assignment import Assignment, Candidate, DecisionAsk
from graph.corrections import NO_CORRECTIONS, CorrectionSource, FixedCorrections
from graph.decision_detection import detect_decision_request
from graph.decision_meaning import DecisionMeaning, load_decision_meaning, read_decision_request
from graph.lexical import TermTable, TypoCorrector, ngrams, tokens
from knowledge.catalog import Catalog
from knowledge.embedder import SentenceEmbedder
from knowledge.index import ProfileVectors
from knowledge.schema import Workflow


@dataclass(frozen=True)
class RouterWeights:
    """Blend of the signals; tuned on the labelled set in tests/data."""

    semantic_top_k: int = 5  # an agent's semantic score: mean of its k closest passages
    vocabulary: float = 0.16
    workflow_cues: float = 0.2
    softmax_temperature: float = 0.04
    clarify_below: float = 0.25
    related_workflow_min: float = 3.0
    supporting_margin: float = 0.9
    # A correction counts only for requests this close to it (cosine), growing to its
    # full weight for the same words. Chosen with the dev corrections in
    # tests/data/routing_corrections on the odd half of the labelled set; the even half
    # and its held-out corrections only measure.
    correction_floor: float = 0.55
    correction_weight: float = 1.0


# Cue words that name the care setting, for workflows whose map entry says
# "operations agent for the setting".
SETTING_AGENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("operations-home-health-administrator", ("home health", "hha", "oasis", "pdgm", "hospice")),
    (
        "operations-long-term-care-administrator",
        (
            "snf",
            "nursing home",
            "nursing facility",
            "long term care",
            "ltc",
            "mds",
            "skilled nursing",
        ),
    ),
    (
        "operations-physician-practice-manager",
        ("physician practice", "medical group", "practice manager", "private practice"),
    ),
    ("operations-ambulatory-manager", ("clinic", "ambulatory", "outpatient", "asc", "urgent care")),
)
DEFAULT_SETTING_AGENT = "operations-hospital-administrator"
# A decision flagged without decision words: the request itself, shortened, is the ask.
FLAGGED_CUE_CHARS = 300


def setting_agent_for(grams: set[str]) -> str:
    for agent, cues in SETTING_AGENTS:
        if any(" ".join(tokens(cue)) in grams for cue in cues):
            return agent
    return DEFAULT_SETTING_AGENT


def decision_owner(kind: str, owners: list[tuple[str, list[str]]]) -> str:
    """The first owner who decides this kind; the first owner when none does."""
    for role, kinds in owners:
        if kind in kinds:
            return role
    return owners[0][0]


class Router:
    def __init__(
        self,
        catalog: Catalog,
        embedder: SentenceEmbedder,
        vectors: ProfileVectors,
        weights: RouterWeights | None = None,
        corrections: CorrectionSource | None = None,
        decision_meaning: DecisionMeaning | None = None,
    ) -> None:
        self.catalog = catalog
        self.decision_meaning = decision_meaning or load_decision_meaning()
        self.weights = weights or RouterWeights()
        self.corrections: CorrectionSource = corrections or FixedCorrections(NO_CORRECTIONS)
        self._embedder = embedder
        self._slugs = sorted(catalog.agents)
        index = {slug: i for i, slug in enumerate(self._slugs)}
        self._matrix = vectors.matrix
        row_agent = np.array([index[a] for a in vectors.agents], dtype=np.int64)
        self._rows_by_agent = [np.flatnonzero(row_agent == i) for i in range(len(self._slugs))]
        self._vocabulary = TermTable.build(
            {slug: profile.vocabulary for slug, profile in catalog.agents.items()}
        )
        self._cues = TermTable.build({wf.id: wf.cues for wf in catalog.workflows.values()})
        self._typos = TypoCorrector.build(
            [t for p in catalog.agents.values() for t in p.vocabulary]
            + [c for wf in catalog.workflows.values() for c in wf.cues]
        )
        self._primary_workflow = {
            slug: wf for wf in catalog.workflows.values() for slug in wf.primary
        }

    def with_corrections(self, corrections: CorrectionSource) -> Router:
        """This router with another set of corrections (an evaluation compares the two)."""
        twin = copy.copy(self)
        twin.corrections = corrections
        return twin

    # -- scoring ---------------------------------------------------------

    def _semantic(self, query: np.ndarray) -> np.ndarray:
        sims = self._matrix @ query
        k = self.weights.semantic_top_k
        scores = np.full(len(self._slugs), -1.0, dtype=np.float32)
        for agent, rows in enumerate(self._rows_by_agent):
            if rows.size:
                closest = np.sort(sims[rows])[::-1][:k]
                scores[agent] = closest.mean()
        return scores

    def embed(self, text: str) -> np.ndarray:
        return self._embedder.embed_one(text)

    def grams(self, text: str) -> set[str]:
        return ngrams(self._typos.correct(tokens(text)))

    def scores(
        self, text: str, query: np.ndarray | None = None
    ) -> tuple[dict[str, float], dict[str, float]]:
        """Per-agent scores and per-workflow cue strength for ``text``."""
        grams = self.grams(text)
        if query is None:
            query = self._embedder.embed_one(text)
        semantic = self._semantic(query)
        vocab = self._vocabulary.score(grams)
        cues = self._cues.score(grams)
        w = self.weights
        scores: dict[str, float] = {}
        for i, slug in enumerate(self._slugs):
            lexical = 1.0 - math.exp(-vocab.get(slug, 0.0) / 4.0)
            workflow = self._primary_workflow.get(slug)
            cue = 1.0 - math.exp(-cues.get(workflow.id, 0.0) / 4.0) if workflow else 0.0
            scores[slug] = float(semantic[i]) + w.vocabulary * lexical + w.workflow_cues * cue
        return scores, cues

    def correction_bonus(self, query: np.ndarray) -> dict[str, float]:
        """Per specialist, the pull of its closest accepted correction (absent: none)."""
        current = self.corrections.current()
        if not len(current):
            return {}
        sims = current.matrix @ query
        w = self.weights
        bonus: dict[str, float] = {}
        for agent, sim in zip(current.agents, sims, strict=True):
            pull = (
                w.correction_weight * (float(sim) - w.correction_floor) / (1 - w.correction_floor)
            )
            if pull > bonus.get(agent, 0.0):
                bonus[agent] = pull
        return bonus

    def _confidence(self, ranked: list[tuple[str, float]]) -> float:
        t = self.weights.softmax_temperature
        top = ranked[0][1]
        total = sum(math.exp((score - top) / t) for _, score in ranked[:10])
        return round(1.0 / total, 3)

    # -- the decision ----------------------------------------------------

    def route(
        self,
        text: str,
        query: np.ndarray | None = None,
        forced_primary: str | None = None,
        flagged_decision: str | None = None,
    ) -> Assignment:
        """Route ``text``; ``forced_primary`` is a specialist the user picked themselves.

        ``flagged_decision`` is a kind of final decision another judge (a chat model)
        found in the request ("" when it named no kind); the request's own decision
        words, when there are any, still say which kind.
        """
        if query is None:
            query = self._embedder.embed_one(text)
        scores, cues = self.scores(text, query)
        uncorrected = max(scores, key=scores.__getitem__)  # the first of any tie, as sorted
        bonus = self.correction_bonus(query) if forced_primary is None else {}
        if bonus:
            scores = {slug: score + bonus.get(slug, 0.0) for slug, score in scores.items()}
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        if forced_primary is not None:
            self.catalog.agent(forced_primary)  # raises on an unknown slug
            primary, confidence = forced_primary, 1.0
            uncorrected = primary
        else:
            primary, confidence = ranked[0][0], self._confidence(ranked)
        workflow = self._primary_workflow.get(primary)
        grams = self.grams(text)

        related = self._related_workflows(workflow, cues, scores)
        supporting = self._supporting(primary, workflow, related, ranked, grams)
        owners = self._owner_table(primary, workflow)
        # Who decides is the map's answer for the request as routed without corrections:
        # staff corrections choose specialists, never the people who make decisions.
        decision_owners = self._owner_table(uncorrected, self._primary_workflow.get(uncorrected))
        decision = None
        # The words first; when a chat model already judged the request, its flag
        # stands in for the meaning reading.
        cue = (
            read_decision_request(text, query, self.decision_meaning)
            if flagged_decision is None
            else detect_decision_request(text)
        )
        if cue is not None:
            # When the words do not say which kind, the specialist's domain does.
            kind = cue.kind or self.catalog.agent(uncorrected).decision_kinds[0]
            owner = decision_owner(kind, decision_owners)
            decision = DecisionAsk(kind=kind, owner=owner, cue=cue.cue)
        elif flagged_decision is not None:
            kind = flagged_decision or self.catalog.agent(uncorrected).decision_kinds[0]
            cue_text = " ".join(text.split())[:FLAGGED_CUE_CHARS]
            owner = decision_owner(kind, decision_owners)
            decision = DecisionAsk(kind=kind, owner=owner, cue=cue_text)
        human_owners = [role for role, _ in owners]
        if decision is not None:
            if decision.owner in human_owners:
                human_owners.remove(decision.owner)
            human_owners.insert(0, decision.owner)
        return Assignment(
            primary_agent=primary,
            supporting_agents=supporting,
            workflow=workflow.id if workflow else None,
            related_workflows=[wf.id for wf in related],
            human_owners=human_owners,
            decision=decision,
            confidence=confidence,
            candidates=[Candidate(agent=a, score=round(s, 4)) for a, s in ranked[:5]],
            needs_clarification=confidence < self.weights.clarify_below,
        )

    def _related_workflows(
        self, workflow: Workflow | None, cues: dict[str, float], scores: dict[str, float]
    ) -> list[Workflow]:
        related = []
        for wf_id, strength in sorted(cues.items(), key=lambda item: item[1], reverse=True):
            if workflow is not None and wf_id == workflow.id:
                continue
            if strength >= self.weights.related_workflow_min:
                related.append(self.catalog.workflows[wf_id])
        return related[:3]

    def _supporting(
        self,
        primary: str,
        workflow: Workflow | None,
        related: list[Workflow],
        ranked: list[tuple[str, float]],
        grams: set[str],
    ) -> list[str]:
        chosen: list[str] = []

        def add(slug: str) -> None:
            if slug != primary and slug not in chosen:
                chosen.append(slug)

        if workflow is not None:
            for support in workflow.supporting:
                if not support.only_when or any(
                    " ".join(tokens(cue)) in grams for cue in support.only_when
                ):
                    add(support.agent)
            if workflow.setting_agent:
                add(setting_agent_for(grams))
        else:
            top = ranked[0][1]
            for slug, score in ranked[1:3]:
                if score >= self.weights.supporting_margin * top:
                    add(slug)
        for wf in related:  # each extra workstream is led by that workflow's primary
            add(wf.primary[0])
        return chosen

    def _owner_table(self, primary: str, workflow: Workflow | None) -> list[tuple[str, list[str]]]:
        return owner_table(self.catalog, primary, workflow)


def owner_table(
    catalog: Catalog, primary: str, workflow: Workflow | None
) -> list[tuple[str, list[str]]]:
    """The human owners of a deliverable, each with the kinds of decision they make."""
    if workflow is not None:
        return [(owner.role, list(owner.decides)) for owner in workflow.human_owners]
    profile = catalog.agent(primary)
    # An agent outside the map: its default owners, the first deciding anything.
    return [(role, list(profile.decision_kinds)) for role in profile.human_owners]
