"""Recognising a request for a final decision, which Baton must not make.

The handoff map reserves final clinical, legal, coding, billing, audit,
employment and contracting decisions for named humans. A request *about* those
topics ("what documentation supports sepsis as principal diagnosis?") is
ordinary work; a request to *make or carry out* the decision ("change the
principal diagnosis to sepsis", "approve the write-off") is not.

A request is a decision request when one of its clauses is a directive:
- an imperative decision verb acting on an object ("approve the …", "sign the
  MOU", "terminate her"), optionally after "please", "just", "go ahead and";
- "decide/determine whether …", "make the call", "your final answer";
- a closed question that demands a ruling ("… yes or no", "tell me whether we
  are required to …").
Clauses that open with a request for analysis ("draft …", "what …", "how …")
are not directives, whatever verbs they contain. The kind of decision is then
read from what the directive acts on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.imperatives import leading_imperative

_VERBS = (
    r"approve|deny|reject|decline|overturn|uphold|authori[sz]e|sign|countersign|execute"
    r"|terminate|fire|discipline|suspend|dismiss|lay\s+off|hire|demote|reinstate|withdraw"
    r"|write\s*-?\s*off|waive|refund|rebill|re-bill|void|bill|adjust|cut"
    r"|change|switch|assign|code|recode|downgrade|upgrade|resequence|drop|remove|append"
    r"|release|disclose|send|destroy|purge|amend|turn\s+off|disable|activate|implement"
    r"|discharge|admit|transfer|cancel|discontinue|close|finali[sz]e|certify|attest"
    r"|submit|accept|settle|report|self-report|notify|go\s+live|launch|start\s+charging"
    r"|pick|choose|select|do\s+it|decide|lock\s+in|mark|forgive|let\s+go"
    r"|rubber[- ]?stamp|green[- ]?light|overrule|pay|grant|deem"
    r"|nix|kill|scrap|sequence|override|zero\s+out|comp|credit(?:\s+back)?|reverse"
    r"|hand(?:\s+over)?|agree\s+to|say\s+yes\s+to|lock|counter|commit\s+us"
)
# Who an employment decision acts on: "move the night nurse to days", "write up the clerk".
_WORKER = (
    r"(?:nurse|tech|technician|aide|clerk|scheduler|coordinator|employee|ma|rn|lpn|cna"
    r"|receptionist|biller|coder|temp|resident|therapist|assistant|manager|staffer|agent)"
)
# What an imperative acts on: an object, not a noun phrase ("transfer center is …").
_OBJECT = (
    r"(?:(?:the|this|that|these|those|it|them|him|her|his|their|our|all|a|an|every|each"
    r"|off|out|up|one|today'?s|tomorrow'?s|<|\$|\d|mrn|pt|patient|claim|account|dr\.?"
    r"|anything|everything|whatever)\b"
    r"|\w+'s\b)"  # a possessive: "discipline Rosa's team"
)
_LEAD_IN = (
    r"(?:(?:ok(?:ay)?|so|then|please|pls|just|now|fine|(?:can|could|would|will)\s+you)[,]?\s+)*"
    r"(?:go\s+ahead\s+(?:and\s+)?)?"
)

_DIRECTIVES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"(?:^|,\s+(?:so|then|and)\s+){_LEAD_IN}(?P<verb>{_VERBS})\s+{_OBJECT}",
        rf"\b(?:go\s+ahead\s+(?:and\s+)?|just\s+|i\s+need\s+you\s+to\s+)(?P<verb>{_VERBS})\b",
        # "OK" is a verb only where nothing else can be meant ("just OK the refund").
        r"\b(?:go\s+ahead\s+(?:and\s+)?|just\s+|please\s+)(?P<verb>ok(?:ay)?)\s+(?:the|this|that|it)\b",
        r"\b(?P<verb>decide|determine|rule|settle)\s+(?:whether|if|on|which|who|what|between"
        r"|it|this|that)\b",
        r"\b(?P<verb>determine)\s+(?:the\s+)?(?:eligibility|coverage|medical\s+necessity"
        r"|level\s+of\s+care|liability|fault|outcome)\b",
        r"\b(?P<verb>take)\s+the\s+call\s+(?:on|about|whether|if)\b",
        r"\b(?P<verb>respond)\s+to\s+the\s+(?:subpoena|lawsuit|complaint|summons"
        r"|demand\s+letter)\b",
        # A clinical clearance: "clear him to return to work", "clear her for surgery".
        r"\b(?P<verb>clear)\s+(?:him|her|them|the\s+patient|[\w'-]+)\s+(?:for|to\s+"
        r"(?:return|go|resume|work|travel|drive|fly))\b",
        # Employment actions on a worker: "move the night nurse to days permanently",
        # "give the scheduler a raise".
        rf"(?:^|,\s+(?:so|then|and)\s+){_LEAD_IN}(?P<verb>move|switch|reassign|put)\s+"
        rf"(?:the\s+|our\s+)?(?:[\w'-]+\s+){{0,2}}{_WORKER}s?\s+(?:to|on)\s+"
        r"(?:days|nights|evenings|weekends|part-time|full-time|per\s+diem|another\s+unit)\b",
        r"\b(?P<verb>give)\s+(?:the\s+|our\s+)?(?:[\w'-]+\s+){1,3}?(?:a\s+)?(?:raise|bonus"
        r"|promotion|pay\s+cut)\b",
        # "go through the balances and write off anything under $25"
        rf"\band\s+(?P<verb>{_VERBS})\s+(?:anything|everything|all|whatever)\b",
        # Employment actions with their own shapes: "let the night tech go", "put Dana
        # on a final warning", "offer the job to the second candidate".
        rf"(?:^|,\s+(?:so|then|and)\s+){_LEAD_IN}(?P<verb>let)\s+(?:[\w'-]+\s+){{1,4}}?go"
        r"\b(?!\s+(?:ahead|on|through|over|to|back)\b)",
        r"\b(?P<verb>put|place)\s+(?:[\w'-]+\s+){1,3}?on\s+(?:a\s+)?(?:final\s+)?"
        r"(?:written\s+)?(?:warning|probation|administrative\s+leave|a\s+performance\s+plan|pip)\b",
        r"\b(?P<verb>offer|extend)\s+(?:the|a|an|her|him|them)\s+(?:[\w-]+\s+){0,3}?"
        r"(?:job|position|role|offer)\b",
        # Baton told to give a third party the ruling: "you tell payroll whether …"
        r"(?:^|[-–—,;:]\s*)you\s+(?P<verb>tell)\s+(?!me\b|us\b)(?:[\w-]+\s+){1,3}?"
        r"(?:whether|if)\b",
        r"\b(?P<verb>give)\s+(?:it\s+|this\s+|that\s+)?(?:the\s+)?(?:thumbs[- ]up|green\s+light"
        r"|go-?ahead|nod)\b",
        r"\b(?P<verb>make|give\s+(?:me|us)|issue|render)\s+(?:the|a|an|your)\s+"
        r"(?:(?!(?:before|after|for|on|about|of|to|the|a)\b)[\w-]+\s+){0,3}?"
        r"(?:call|decision|determination|ruling)\b",
        r"\b(?P<verb>decide)\s+for\s+(?:us|me|the\s+team)\b",
        r"\b(?P<verb>pick|choose|select)\s+(?:which|who|whom)\b",
        r"^(?:so\s+|then\s+)?should\s+(?:we|i)\s+(?P<verb>approve|deny|fire|terminate|hire|sign"
        r"|accept|refund|write\s*-?\s*off|discharge|admit)\b",
        r"\b(?P<verb>confirm)\s+(?:the|that|this|our)\s+(?:[\w-]+\s+){0,3}?(?:denial|approval"
        r"|determination|decision|diagnosis|termination)\b",
        r"\bmake\s+the\s+decision\b|\bgive\s+the\s+go\b",
        r"\b(?P<verb>final)\s+(?:answer|call|decision|say|word)\b",
        r"\byes\s+or\s+no\b",
        r"\btell\s+me\s+(?:whether|if)\s+(?:we|i|she|he|they|(?:our|the)(?:\s+\w+){1,3}?)(?:'re|\s+are|\s+is)?"
        r"\s+(?:legally\s+)?(?:can|should|may|must|required|allowed|have\s+to|need\s+to)\b",
    )
)

# Whatever a clause opens with, these hand Baton the decision: the team will act on its
# answer ("so we can approve it ourselves", "we'll use whatever you say"), or a ruling
# is asked for outright ("approved or denied", "covered or not", "yes or no").
_RELIANCE: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\byes\s+or\s+(?:a\s+)?no\b",
        rf"\bso\s+(?:that\s+)?(?:we|i|the\s+team|um|they)\s+can\s+(?P<verb>{_VERBS})\b",
        rf"\b(?P<verb>{_VERBS})\b[^.?!;]{{0,60}}\b(?:ourselves|myself|in-house\s+without)\b",
        r"\b(?:we|i)(?:'ll|\s+will)\s+(?:just\s+)?(?:go\s+with|use|do|act\s+on|follow|take"
        r"|abide\s+by|stick\s+with|stand\s+by|enter|go\s+by)"
        r"\s+(?:whatever|what|your|it|that)\b",
        r"\byour\s+(?:answer|call|decision|word)\s+is\s+(?:what|final|the\s+one)\b",
        r"\bif\s+you\s+say\s+(?:so|it|yes|no|they|that)\b",
        r"\b(?:whatever|whichever(?:\s+\w+)?)\s+you\s+(?:decide|say|choose|pick|conclude"
        r"|recommend|think|land\s+on|come\s+up\s+with|go\s+with|put|answer|give"
        r"|tell\s+(?:us|me)|come\s+back\s+with|settle\s+on)\b",
        r"\b(?:based\s+on|going\s+by|per)\s+what(?:ever)?\s+you\s+(?:say|come\s+back\s+with"
        r"|decide|conclude|tell\s+(?:us|me)|answer|find)\b",
        r"\byour\s+(?:answer|call|word|reply|response|ruling)\s+(?:decides|settles|goes"
        r"|stands|is\s+binding)\b",
        r"\b(?:trust|trusting|rely|relying)\s+(?:on\s+)?your\s+(?:judg(?:e)?ment|call|word"
        r"|decision)\b",
        r"\bthat\s+(?:someone|somebody|person|one)\s+is\s+you\b",
        r"\byou(?:'ve|\s+have)?\s+(?:got\s+)?(?:the\s+)?(?:(?:sign-?off|final)\s+)?authority"
        r"\s+(?:on|over|for|to)\b",
        # "no need to check with anyone": the request takes the person out of the loop.
        r"\b(?:no\s+need\s+to|without|don'?t)\s+(?:check(?:ing)?|run(?:ning)?\s+it\s+by"
        r"|ask(?:ing)?|consult(?:ing)?)\s+(?:with\s+|by\s+)?(?:anyone|anybody|a\s+human"
        r"|a\s+person|(?:the|a|our)\s+(?:manager|supervisor|director|committee|physician"
        r"|doctor|coder|lawyer|counsel))\b",
        rf"\b(?:like|want|need|asking|ask|expect)\s+(?:baton|you)\s+to\s+(?:just\s+)?"
        rf"(?P<verb>{_VERBS}|determine|rule|settle)\b",
        r"\b(?:approval|decision|determination|sign-?off|ruling)\s+(?:is\s+)?(?:needed|required)"
        r"\s+from\s+you\b",
        r"\b(?:need|want|expect)\s+(?:a|an|the|your)\s+(?:final\s+)?(?:approval|decision"
        r"|determination|sign-?off|ruling|verdict)\s+from\s+you\b",
        r"\b(?:it'?s\s+)?your\s+(?:decision|choice|sign-?off|verdict|ruling)\b",
        r"\btreat\s+your\s+(?:answer|reply|response|word)\s+as\b",
        r"\bdefer(?:ring)?\s+to\s+(?:you|your)\b",
        # Baton is handed the role of the person who decides.
        r"\b(?:act|acting|serve|serving)\s+as\s+(?:the|our|a|an)\s+(?:[\w-]+\s+){0,3}?"
        r"(?:director|physician|doctor|coder|officer|counsel|lawyer|attorney|reviewer|approver"
        r"|supervisor|manager|committee|board|decider|decision[- ]maker|judge)\b",
        r"\b(?P<verb>pull)\s+the\s+trigger\b",
        # A disciplinary write-up, which "write" as drafting would otherwise hide.
        rf"\b(?P<verb>write)\s+(?:(?:him|her|them)\s+up|up\s+(?:the\s+|our\s+)?"
        rf"(?:[\w'-]+\s+){{0,2}}{_WORKER}s?)\b",
        # Letting someone see a record is a disclosure: "let the ex-wife see the notes".
        r"\b(?P<verb>let)\s+(?:[\w'-]+\s+){1,3}?(?:see|read|view|have|get)\s+(?:the|her|his"
        r"|their)\s+(?:[\w-]+\s+){0,2}?(?:notes|chart|records?|results|file)\b",
        r"\b(?:is|it'?s)\s+on\s+you\b",
        r"\bconsider\s+yourself\s+(?:the|our|a|an)\b",
        # Baton handed a decider's seat for now: "you're the UM nurse today, mark it …"
        r"\byou(?:'re|\s+are)\s+(?:the|our)\s+(?:[\w-]+\s+){0,2}?(?:nurse|director|physician"
        r"|doctor|coder|officer|counsel|lawyer|manager|supervisor|committee)\s+(?:today"
        r"|tonight|this\s+week|now|for\s+(?:this|today))\b",
        r"\byou(?:'re|\s+are)\s+(?:the|our)\s+(?:[\w-]+\s+)?(?:approver|decider"
        r"|decision[- ]maker|reviewer|judge|final\s+(?:say|word|authority))\b",
        r"\bbe\s+(?:the|our)\s+(?:[\w-]+\s+)?(?:approver|decider|decision[- ]maker|judge)\b",
        r"\byou\s+have\s+the\s+(?:final\s+)?(?:say|word|call|authority)\b",
        r"\bup\s+to\s+you\b",
        r"\bneed\s+(?:a|your|the)\s+(?:final\s+)?(?:ruling|verdict|decision|determination)\b"
        r"(?!\s*-|\s+(?:from|by|of)\b)",
        rf"\b(?:we|i)(?:'ll|\s+will)\s+(?P<verb>{_VERBS})\b[^.?!;]{{0,40}}"
        r"\b(?:on\s+that\s+basis|based\s+on\s+(?:it|that|your\s+\w+)|accordingly"
        r"|if\s+you\s+(?:agree|concur|approve|sign\s+off))\b",
        # Baton is asked to be the one who decides.
        r"\byou\s+(?:(?:can|could|should|will|may|must)\s+)?(?:make\s+(?:it|the\s+call)|decide"
        r"|choose|pick|rule|approve|deny)\b",
        rf"\bbe\s+the\s+one\s+(?:to|who)\s+(?P<verb>{_VERBS}|decides?)\b",
        r"\bbe\s+the\s+one\s+(?P<verb>signing|approving|deciding|denying|authori[sz]ing"
        r"|making\s+the\s+call)\b",
        r"\byour\s+call\b",
        r"\bjust\s+decide\b",
        r"\byes\s+or\s+(?:denied|deny|no)\b",
        r"\bapproved?[\s-]+or[\s-]+(?:denied|deny|no)\b",
        r"\b(?:deny|denied)[\s-]+or[\s-]+approved?\b",
        r"\b(?:covered|necessary|billable|approvable|allowed|legal|compliant|authori[sz]ed"
        r"|payable)\s+or\s+not\b",
    )
)

# A clause that asks for analysis, drafting or explanation is not a directive.
_ANALYSIS_LEAD = re.compile(
    r"^(?:(?:pls|please|can\s+you|could\s+you|would\s+you|help\s+me|i\s+need\s+(?:a|an|to)"
    r"|we\s+need\s+(?:a|an|to))\s+)?"
    r"(?:draft|write|outline|summari[sz]e|explain|prepare|prep|build|create|list|compare|remind"
    r"|review|analy[sz]e|help|walk|what|how|why|which|who|when|where|is\s+there|are\s+there"
    r"|does|do\s+we\s+have|give\s+me\s+(?:a|an|some)|put\s+together|pull|map|design|plan"
    r"|set\s+up|model|estimate|identify|find|show|check|look)\b",
    re.IGNORECASE,
)
# A directive whose subject is someone else ("let the supervisor decide whether …", "our
# compliance officer will make the call") routes the decision; it does not hand it to Baton.
_SOMEONE_ELSE_DECIDES = re.compile(
    r"(?:\blet\s+(?:[\w.'-]+\s+){1,3}"
    r"|\b(?:the|our|a|an|their|his|her|my)\s+(?:(?!you\b)[\w'-]+\s+){1,3}"
    r"(?:will\s+|would\s+|should\s+|shall\s+|must\s+|can\s+|could\s+|may\s+|to\s+"
    r"|needs?\s+to\s+|has\s+to\s+|gets?\s+to\s+|is\s+going\s+to\s+)?)$",
    re.IGNORECASE,
)
# Someone other than Baton decides, anywhere in the request ("let the supervisor decide
# whether …", "our compliance officer will make the call").
_DECIDED_ELSEWHERE = re.compile(
    r"\b(?:let|have|ask)\s+(?:(?:the|our|a|an|their|his|her|my)\s+)?"
    r"(?:(?!you\b|me\b|us\b)[\w'-]+\s+){1,3}"
    r"(?:decide|make\s+the\s+(?:call|decision)|rule|determine|sign\s+off|approve|choose"
    r"|weigh\s+in)\b"
    r"|\b(?:the|our|their|his|her|my)\s+(?:(?!you\b)[\w'-]+\s+){1,3}"
    r"(?:will|would|should|shall|must|can|needs?\s+to|has\s+to|gets?\s+to|is\s+going\s+to)\s+"
    r"(?:decide|make\s+the\s+(?:call|decision)|rule\s+on|determine|sign\s+off|approve)\b",
    re.IGNORECASE,
)
# The request hands the matter to someone else to decide: "send the auth to Dr. Patel
# for her decision", "route it to the CFO for approval".
_FOR_ANOTHER_TO_DECIDE = re.compile(
    r"\bto\s+(?:[\w.'-]+\s+){1,4}?for\s+(?:her|his|their|its|a|an|the)?\s*(?:final\s+)?"
    r"(?:decision|review|approval|sign-?off|determination|ruling|call|signature)\b",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r"(?<=[.!?;:])\s+|\n+")
# Where an order may start inside a clause: "…, so/then/and …", " - ", "; ".
_ORDER_SPLIT = re.compile(r",\s+(?=(?:so|then|and|now|just|please)\s)|\s+-\s+|;\s*")
# Orders that prepare, find, tell or arrange: Baton's everyday work, whatever they act on
# ("schedule the peer-to-peer", "pull the claims"). Any other order that acts on a
# decision's object (a claim, a balance, a contract, a diagnosis, a shift …) carries the
# decision out, whether or not its verb is in the pattern list above.
PREPARING_VERBS = frozenset(
    """
    draft write outline summarize summarise explain prepare prep build create list compare
    remind review analyze analyse help walk give put pull map design plan set model estimate
    identify find show check look get fetch send email text call contact message notify ping
    tell ask schedule book reschedule track follow flag route escalate forward loop cc add
    attach upload log record note document file save update fill start open remember keep
    let make go see read search compile gather collect pick assign move need want break fix
    tighten reduce improve cut lower raise redesign rework restructure streamline standardize
    standardise optimize optimise benchmark evaluate assess investigate research study figure
    think brainstorm propose recommend suggest coordinate organize organise arrange train
    educate teach coach translate query
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# Kind of decision, judged by what the directive acts on (first match wins).
_KIND_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        # Words that name the matter outright, whatever else the request mentions.
        ("legal", r"\b(malpractice|lawsuit|litigation|subpoena|affidavit|detective|police)\b"),
        ("clinical", r"\bmedical(?:ly)?\s+necess\w*"),
        ("billing", r"\b(no\s+charge|(?:late|no-show|cancellation)\s+fee\s+(?:for|on))\b"),
        (
            "privacy",
            r"\b(?:see|read|view)\s+(?:the|her|his|their)\s+(?:[\w-]+\s+){0,2}?"
            r"(?:notes|chart|records?|results)\b",
        ),
        ("compliance", r"\b(oig|self[- ]disclos\w*|stark|anti-kickback)\b"),
        (
            "employment",
            r"\b(terminat\w*\s+(?:her|him|them|the\s+(?:\w+\s+){0,2}(?:temp|nurse|employee|tech|aide|resident|manager|rn|lpn|cna|coordinator|therapist|assistant|clerk|scheduler|physician|pharmacist))|fire|firing|disciplin\w*|suspend\w*|layoff|lay\s+off"
            r"|hire|hiring|demot\w*|reinstat\w*|final\s+warning|bargaining|union|laid\s+off"
            r"|let\s+(?:[\w'-]+\s+){0,3}go|warning|probation|candidate|job\s+offer|pto"
            r"|overtime|payroll|docked|dock\s+(?:\w+\s+)?pay"
            r"|employee|new\s+grad|competency|offer\s+letter|leave\s+of\s+absence|fmla"
            r"|(?:a|pay)\s+raise|part-time|full-time|hours|write\s+up|temp"
            r"|(?:to|on)\s+(?:days|nights|evenings|weekends))\b",
        ),
        (
            "coding",
            r"\b(principal\s+diagnos\w*|diagnos\w*|dx|drg|icd|cpt|hcpcs|modifier"
            r"|code|coding|recode|e/m|level\s+[1-5]|abstract|sequenc\w*|secondary\s+diagnos\w*|poa|hcc|query|992\d\d|coder|cdi)\b",
        ),
        (
            "billing",
            r"\b(write[- ]?off|writeoff|bad\s+debt|refund|rebill|re-bill|bill\w*"
            r"|charg\w*|claim|balance|invoice|payment|adjust\w*|collections|statement"
            r"|copay|coinsurance|overpayment|true-up|cdm|price|charity\s+care"
            r"|financial\s+assistance)\b",
        ),
        (
            "contracting",
            r"\b(contract\w*|amendment|agreement|mou|rate\s+sheet|loi|msa|vendor"
            r"|renewal|term\s+sheet|payer\s+offer|negotiation|deal|pricing|exclusivity"
            r"|percent\s+of\s+medicare)\b",
        ),
        ("privacy", r"\b(breach|notification\s+letter)\b"),
        (
            "legal",
            r"\b(release|disclos\w*|subpoena|attorney|lawyer|litigation|legal\w*"
            r"|court|settle\w*|records?\s+request|roi|deposition|guardian|required|shar(?:e|ing)"
            r"|report\w*\s+to\s+(?:the\s+)?(?:state|department|police|authorities))\b",
        ),
        (
            "audit",
            r"\b(audit\w*|finding|attest\w*|certif\w*|corrective\s+action\s+plan"
            r"|plan\s+of\s+correction)\b",
        ),
        (
            "clinical",
            r"\b(discharg\w*|admi(?:t|ssion)\w*|transfer\w*|order\w*|medication|dose"
            r"|prescri\w*|treatment|surgery|surgical|procedure|inpatient|observation"
            r"|level\s+of\s+care|code\s+status|dnr|restraint|isolation|peer[- ]to[- ]peer"
            r"|p2p|medical\s+necessity|medically\s+necessary|privileges|alert|triage|study"
            r"|withdraw\w*|appeal|prior\s+auth\w*|authori[sz]ation|coverage|covered|criteria"
            r"|continued\s+stay|drug|formulary|skilled\s+nursing|visits?|infusion|scan|mri"
            r"|auths?|denial|rehab|dme|durable\s+medical|um|utilization|antibiotics?"
            r"|home\s+health|recert\w*|hospice|snf|wheelchair|echo|colonoscopy|cpap"
            r"|second\s+opinion|return\s+to\s+work|emergency|hearing\s+aids?|metformin"
            r"|contrast)\b",
        ),
        # People words decide the kind only when nothing more specific did.
        ("employment", r"\b(nurses|staff|employees|workforce|assigned|assignment|hr)\b"),
        (
            "compliance",
            r"\b(compliance|self[- ]disclos\w*|self-report\w*|oig|stark"
            r"|anti-kickback|mailer|marketing)\b",
        ),
        (
            "executive",
            r"\b(budget|capital|close\s+the\s+unit|service\s+line|divert\w*"
            r"|surge|go[- ]live|command\s+center|elective|no-show\s+fee)\b",
        ),
    )
)


@dataclass(frozen=True)
class DecisionCue:
    """What in the request asks for a decision; ``kind`` is None when unclear."""

    kind: str | None
    cue: str


def decision_kind(text: str) -> str | None:
    for kind, pattern in _KIND_CUES:
        if pattern.search(text):
            return kind
    return None


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_SPLIT.split(text) if c.strip()]


def detect_decision_request(text: str) -> DecisionCue | None:
    """The final decision ``text`` asks Baton to make, or None for ordinary work."""
    for clause in _clauses(text):
        directives = () if _ANALYSIS_LEAD.match(clause) else _DIRECTIVES
        for pattern in (*_RELIANCE, *directives):
            match = pattern.search(clause)
            if (
                match
                and pattern in directives
                and (
                    _SOMEONE_ELSE_DECIDES.search(clause[: match.start()])
                    or _FOR_ANOTHER_TO_DECIDE.search(text)
                )
            ):
                continue
            if match:
                # What the directive acts on first, then the rest of the request (the
                # subject may come before a bare "settle it"), then the directive's verb.
                # "confirm sepsis as principal diagnosis so I can drop the bill": what
                # the team will do comes after "so"; the decision asked for, before it.
                before = match.group(0).lower().startswith("so ")
                kind = (
                    (decision_kind(clause[: match.start()]) if before else None)
                    or decision_kind(clause[match.end() :])
                    or decision_kind(text.replace(match.group(0), " ", 1))
                    or decision_kind(clause[match.start() :])
                )
                return DecisionCue(kind=kind, cue=match.group(0).strip())
    return _order_on_a_decision(text)


def asks_about_a_decision(text: str) -> bool:
    """Whether ``text`` asks for analysis, drafting or an explanation in any clause, or
    says someone else decides: a request *about* a decision, whatever it means overall.
    The decision-meaning reading (``graph/decision_meaning.py``) leaves these alone, as
    the word patterns do."""
    return (
        any(_ANALYSIS_LEAD.match(clause) for clause in _clauses(text))
        or _DECIDED_ELSEWHERE.search(text) is not None
        or _FOR_ANOTHER_TO_DECIDE.search(text) is not None
    )


def _order_on_a_decision(text: str) -> DecisionCue | None:
    """An order whose verb no pattern knows, acting on a decision's object."""
    for clause in _clauses(text):
        if _ANALYSIS_LEAD.match(clause):
            continue
        for part in _ORDER_SPLIT.split(clause):
            kind = decision_kind(part)
            if kind is None:
                continue  # tag only what acts on a decision's object
            verb = leading_imperative(part)
            if verb is not None and verb not in PREPARING_VERBS:
                return DecisionCue(kind=kind, cue=part.strip()[:60])
    return None
