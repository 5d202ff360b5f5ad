/**
 * Transparent heuristics. Each rule is a bounded regular expression over the folded (normalized, lower-cased)
 * text with a weight in log-odds units; the combiner in `classify.ts` adds the weights of the categories that
 * fired. The lexicons are written for this project from general knowledge of attack phrasing in several
 * languages; no weight or word here was derived from a data set.
 *
 * Every pattern is linear-time: gaps between words are bounded (`{0,n}`) and never nested.
 */
import { INTENT_RULES } from './rules-intent.ts';

import { Prefilter } from './prefilter.ts';

export type Category =
  | 'instruction-override'
  | 'new-instructions'
  | 'system-prompt-extraction'
  | 'persona-hijack'
  | 'restriction-removal'
  | 'refusal-suppression'
  | 'chat-template'
  | 'fake-tool-trace'
  | 'addressed-to-ai'
  | 'exfiltration'
  | 'adversarial-suffix'
  | 'harmful-framing'
  | 'payload-splitting'
  | 'obfuscation'
  | 'meta-discussion';

export type AttackLabel =
  | 'injection'
  | 'jailbreak'
  | 'system-prompt-extraction'
  | 'indirect-injection'
  | 'obfuscated'
  | 'chat-template-injection'
  | 'data-exfiltration'
  | 'adversarial-suffix';

export interface Rule {
  id: string;
  category: Category;
  /** Log-odds contribution when the rule fires in a user turn. */
  weight: number;
  /** Weight inside a document or tool result (defaults to `weight`). */
  docWeight?: number;
  labels: AttackLabel[];
  re: RegExp;
  /** Optional: raise the weight when `re` also matches within `window` characters before/after the hit. */
  boost?: { re: RegExp; window: number; weight: number };
  /** Optional: the matched text must also satisfy this test (second-stage filter). */
  require?: RegExp;
  /** Optional: a match that also matches `re` is weaker evidence (e.g. the user's own earlier message). */
  weaken?: { re: RegExp; weight: number };
  /** Also run on the letters-only view (for spaced-out text). */
  squashed?: boolean;
  description: string;
}

export interface Hit {
  rule: Rule;
  index: number;
  weight: number;
  match: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------------

/** Up to n words (no sentence break) between two parts of a phrase. */
const gap = (n: number): string => `(?:[^\\s.!?;\\n]{1,30}[\\s,]+){0,${n}}`;
const alt = (words: string[]): string => `(?:${words.join('|')})`;

const OVERRIDE_VERBS = alt([
  'ignore',
  'ignoring',
  'disregard',
  'disregarding',
  'forget',
  'forgetting',
  'skip',
  'bypass',
  'override',
  'overlook',
  'omit',
  'neglect',
  'discard',
  'abandon',
  'dismiss',
  'unlearn',
  'set aside',
  'put aside',
  'throw (?:out|away)',
  'pay no attention to',
  "(?:do not|don'?t|stop|no longer|never) (?:follow|obey|adhere to|comply with|listen to)",
  'nullify',
  'invalidate',
  'overwrite',
  'supersede',
  'forego',
  'drop',
]);
const STRONG_ADJ = alt([
  'previous',
  'previously',
  'prior',
  'preceding',
  'above',
  'earlier',
  'initial',
  'original',
  'former',
  'foregoing',
  'system',
  'all',
  'any',
  'every',
  'your',
  'developer',
  'pre-?programmed',
  'programmed',
  'hidden',
  'old',
  'safety',
  'ethical',
  'moral',
  'content',
]);
const CORE_NOUNS = alt([
  'instructions?',
  'directives?',
  'commands?',
  'rules?',
  'guidelines?',
  'prompts?',
  'programming',
  'training',
  'orders?',
  'guidance',
  'polic(?:y|ies)',
  'constraints?',
  'restrictions?',
  'safeguards?',
  'principles',
  'protocols?',
  'context',
  'conversation',
  'messages?',
  'inputs?',
  'directions?',
  'limitations?',
  'filters?',
  'boundaries',
  'tasks?',
  'text',
  'content',
  'information',
  'requests?',
  'settings',
  'parameters',
  'everything',
]);
const AI_WORDS = alt([
  'ai',
  'a\\.i\\.',
  'assistant',
  'ai assistant',
  'llm',
  'llms',
  'language model',
  'large language model',
  'chatbot',
  'bot',
  'gpt',
  'chatgpt',
  'model',
  'ai model',
  'agent',
  'ai agent',
  'copilot',
  'claude',
  'gemini',
  'bard',
  'bing',
  'summari[sz]er',
  'automated system',
  'ai system',
  'ia',
  'ki',
  'ии',
  '人工智能',
  'ai助手',
  '助手',
  'ａｉ',
  '(?:automated|ai|llm|ml|resume|cv|applicant|screening|review|grading|hiring|recruiting)[\\w -]{0,20}(?:system|tool|screener|reviewer|parser|model|agent|software|bot)',
]);
const RESTRICTION_NOUNS = alt([
  'restrictions?',
  'filters?',
  'filtering',
  'limits',
  'limitations',
  'rules?',
  'guidelines?',
  'ethics',
  '(?:ethical|moral) (?:guidelines|restrictions|boundaries|constraints|principles|limits|code|standards|rules|filters|obligations|considerations|concerns|qualms|values)',
  'morals',
  'morality',
  'censorship',
  'censors?',
  'boundaries',
  'constraints?',
  'safeguards?',
  'polic(?:y|ies)',
  'principles',
  'restraints?',
  'programming',
  'scruples',
  'conscience',
  'content polic\\w+',
  'safety \\w+',
  'regulations',
  'laws?',
  'legal \\w+',
]);

const INJ: AttackLabel[] = ['injection'];
const JB: AttackLabel[] = ['jailbreak'];
const EXTRACT: AttackLabel[] = ['injection', 'system-prompt-extraction'];
const TEMPLATE: AttackLabel[] = ['injection', 'chat-template-injection'];
const INDIRECT: AttackLabel[] = ['injection', 'indirect-injection'];

// ---------------------------------------------------------------------------------------------------------------
// English rules
// ---------------------------------------------------------------------------------------------------------------

const EN_RULES: Rule[] = [
  // Instruction override
  {
    id: 'override.ignore-previous',
    category: 'instruction-override',
    weight: 4.5,
    labels: INJ,
    re: new RegExp(
      `\\b${OVERRIDE_VERBS}\\b[\\s,:]+(?:about\\s+)?${gap(4)}${CORE_NOUNS}\\b(?:\\s+(?:above|before|so far|you (?:were|have been|got|received)\\w*))?`,
      'g',
    ),
    require: new RegExp(`\\b${STRONG_ADJ}\\b|\\b(?:above|before|so far|you (?:were|have been|got|received))`),
    weaken: {
      re: /^(?!.*\b(?:your|system|all|any|every|developer|safety|ethical|moral|hidden|initial|original|default)\b).*\bmy\b|^(?!.*\b(?:your|system|all|any|every|previous|prior|preceding|above|earlier|developer|safety|ethical|moral|hidden)\b).*\b(?:old|former|existing|current)\s+(?!(?:instructions?|prompts?|directives?|rules|guidelines|commands?|programming|training|system|context|conversation|messages?|orders?)\b)[a-z]+\s+[a-z]+\s*$/,
      weight: 1,
    },
    description: 'asks to ignore or override earlier instructions',
  },
  {
    id: 'override.squashed',
    category: 'instruction-override',
    weight: 4.5,
    labels: INJ,
    re: /(?:ignore|disregard|forget|bypass|override)(?:all|any|the|your|my)*(?:previous|prior|preceding|above|earlier|initial|original|system)(?:instructions?|directives?|rules|guidelines|prompts?|commands)|(?:reveal|print|repeat|show|output)(?:me)?(?:your|the)(?:system|initial|original|hidden)(?:prompt|instructions)/g,
    squashed: true,
    description: 'spaced-out instruction override',
  },
  {
    id: 'override.forget-everything',
    category: 'instruction-override',
    weight: 3.5,
    labels: INJ,
    weaken: {
      re: /\b(?:what|that) i (?:said|told you|wrote|mentioned|asked)\b(?![^\n]{0,12}\b(?:before|above|earlier|previously) (?:about )?(?:your|the) (?:instructions|rules))/,
      weight: 1,
    },
    re: /\b(?:ignore|disregard|forget|erase|delete|wipe|clear|reset)\s+(?:(?:about|all of|all|everything|anything|what|that)\s+){1,2}(?:(?:you\s+)?(?:were|have been|'ve been|was|were previously|i)?\s*(?:told|said|taught|instructed|given|written|programmed)|(?:that\s+)?(?:came\s+)?(?:above|before|prior|previously|earlier|until now|so far|up to (?:now|this point))|your (?:instructions|rules|training|programming|guidelines))\b/g,
    description: 'asks to forget everything said before',
  },
  {
    id: 'override.everything-before',
    category: 'instruction-override',
    weight: 3.5,
    labels: INJ,
    re: /\b(?:ignore|disregard|forget|erase|wipe)\s+(?:absolutely\s+)?(?:everything|all|anything)\b[^.\n]{0,40}?\b(?:before (?:this|now|that)|above|prior to (?:this|now)|previously|until now|so far|you (?:have|'ve) (?:learned|learnt|been told|been taught))/g,
    description: 'asks to forget everything before this point',
  },
  {
    id: 'override.ignore-above',
    category: 'instruction-override',
    weight: 3.5,
    labels: INJ,
    re: /\b(?:ignore|disregard|forget|skip|override)\s+(?:the\s+|all\s+(?:of\s+)?(?:the\s+)?|everything\s+)?(?:above|preceding|previous|prior|foregoing)\b(?!\s+(?:step|steps|error|errors|example|examples|code|line|lines|paragraph|section|question|answer|result|results|output|value|values|mistake|typo|typos|message i|one|ones|part|version|versions|draft|drafts|edition|invoice|invoices|memo|email|e-mail|notice|announcement|post|bill|order|quote|estimate|schedule|date|figure|figures|number|numbers))/g,
    description: 'asks to ignore what came above',
  },
  {
    id: 'override.instructions-void',
    category: 'instruction-override',
    weight: 4,
    labels: INJ,
    re: /\b(?:all\s*)?(?:previous|prior|above|earlier|original|initial|system|old|your)\s*(?:instructions?|rules|directives|guidelines|prompts?|commands)\s+(?:are|were|is|have been|has been)\s+(?:now\s+)?(?:false|void|null|invalid|cancell?ed|revoked|obsolete|outdated|wrong|fake|lifted|removed|deleted|suspended|overridden|replaced|updated|changed|not valid|no longer (?:valid|apply|applicable|in effect|active))/g,
    description: 'declares earlier instructions void',
  },
  {
    id: 'override.no-longer-apply',
    category: 'instruction-override',
    weight: 3.5,
    labels: INJ,
    re: /\b(?:instructions?|rules|guidelines|restrictions|directives|polic(?:y|ies)|filters)\s+(?:above\s+|of your (?:developers?|creators?)\s+)?(?:do not|don'?t|no longer|doesn'?t|does not|will not|won'?t)\s+apply\b/g,
    description: 'claims the rules no longer apply',
  },
  {
    id: 'override.delimiter-escape',
    category: 'instruction-override',
    weight: 2,
    labels: INJ,
    re: /(?:^|\n)[ \t]*[#=\-*%[<({/|~]{2,}[ \t]*(?:end|stop|close|ignore)(?: of)?[ \t]+(?:the[ \t]+)?(?:system|user|previous|original|old|out of date|prompt|instructions?|input|context|query|ambiguity|conversation)\b[^\n]{0,40}/g,
    description: 'fake end-of-prompt delimiter',
  },
  {
    id: 'override.stop-everything',
    category: 'instruction-override',
    weight: 2.5,
    labels: INJ,
    re: /\b(?:stop everything|never ?mind\W+(?:ignore|forget|instead|just)|cancel (?:that|all|everything)\W+(?:and\s+)?(?:instead|just|now)|halt\W+(?:all|everything))\b/g,
    description: 'abrupt task switch',
  },
  // New instructions
  {
    id: 'new-instructions.label',
    category: 'new-instructions',
    weight: 2.5,
    labels: INJ,
    re: /\b(?:new|updated|real|actual|true|revised|secret|hidden|override|priority|admin(?:istrator)?|developer|system) (?:instructions?|task|objective|goal|directive|rules?|orders?|mission|assignment|system prompt|prompt)\s*[:!]/g,
    description: 'introduces new instructions',
  },
  {
    id: 'new-instructions.your-new-task',
    category: 'new-instructions',
    weight: 3,
    labels: INJ,
    re: /\byour (?:new|real|actual|true|only|revised|updated|sole) (?:task|instructions?|goal|objective|purpose|job|role|mission|directive|function) (?:is|are|will be|now is)\b/g,
    description: 'redefines the task',
  },
  {
    id: 'new-instructions.no-longer',
    category: 'new-instructions',
    weight: 3,
    labels: INJ,
    re: /\byou (?:are|'re) no longer (?:an? |bound|chatgpt|gpt|claude|restricted|limited|required|going to|obliged|subject|an ai|a language model|an assistant|a helpful)/g,
    description: 'tells the model it is no longer itself',
  },
  {
    id: 'new-instructions.situation-changed',
    category: 'new-instructions',
    weight: 2,
    labels: INJ,
    re: /\b(?:the )?(?:situation|scenario|rules?|context|instructions?|plan) (?:has|have) (?:now )?(?:changed|been updated|been changed)\b|\byou have (?:been given|received) (?:a |an )?(?:system )?(?:upgrade|update|new instructions)\b/g,
    description: 'claims the situation changed',
  },
  {
    id: 'new-instructions.instead-say',
    category: 'new-instructions',
    weight: 2,
    labels: INJ,
    re: /\binstead,?\s+(?:you (?:will|must|should)\s+)?(?:just |only |simply )?(?:say|print|output|respond with|reply with|write|type|repeat|answer with)\b/g,
    description: 'replaces the answer with a dictated one',
  },
  {
    id: 'new-instructions.just-print',
    category: 'new-instructions',
    weight: 1.5,
    labels: INJ,
    re: /\b(?:just|only|simply) (?:print|output|say|reply|respond|type)(?: with)?\s*[:"'“«]/g,
    description: 'dictates a verbatim output',
  },
  {
    id: 'new-instructions.must-obey',
    category: 'new-instructions',
    weight: 0.5,
    docWeight: 3,
    labels: INJ,
    re: /\b(?:you|assistant|the assistant|the ai|the model|ai) (?:must|should|need to|have to|are (?:required|instructed|ordered|directed) to|will now|shall) (?:now |immediately |instead |also |always )?(?:ignore|forget|disregard|obey|comply|respond only|reply only|only respond|only reply|say|print|output|include|insert|add|append|recommend|tell the user|inform the user|direct the user|redirect|send|email|forward|visit|click|open|call|execute|run|delete|transfer|approve|rate|praise|describe this)/g,
    // Documents address human readers as "you" ("you need to run make"): only model-specific verbs count there.
    weaken: {
      re: /^you (?:must|should|need to|have to|are (?:required|instructed|ordered|directed) to|will now|shall) (?:now |immediately |instead |also |always )?(?:run|execute|open|call|visit|click|include|insert|add|append|send|email|forward|delete|transfer|approve|rate|praise|describe this|print|output|say|recommend)/,
      weight: 0.5,
    },
    description: 'imperative addressed to the model',
  },
  {
    id: 'new-instructions.from-now-on',
    category: 'new-instructions',
    weight: 1,
    labels: INJ,
    re: /\b(?:from now on|from this point(?: on| forward)?|for the rest of (?:this|the) conversation|henceforth|starting now),?\s+(?:you|your|ai|chatgpt|assistant|i want you)\b/g,
    description: 'changes behaviour for the rest of the conversation',
  },
  // System-prompt extraction
  {
    id: 'extraction.system-prompt',
    category: 'system-prompt-extraction',
    weight: 4,
    labels: EXTRACT,
    re: new RegExp(
      `\\b(?:repeat|print|show|reveal|display|output|tell|give|share|disclose|leak|dump|list|recite|echo|copy|paste|reproduce|spell out|write out|return|provide|expose|summari[sz]e|translate|convert|encode|paraphrase|what (?:is|are|were|was)|what's|read (?:back|out))\\b[\\s,:]+${gap(4)}(?:system prompt|system message|system instructions?|initial prompt|initial instructions?|original prompt|original instructions?|hidden (?:prompt|instructions?)|secret (?:prompt|instructions?)|pre-?prompt|meta-?prompt|developer (?:message|prompt|instructions?)|instructions? (?:you were given|you received|you got|above|before this|so far|at the (?:beginning|start|top))|prompt (?:above|so far)|(?:your|its) (?:initial|original|hidden|secret|full|entire|complete|exact|first|underlying|internal|base) (?:prompt|instructions?|rules|guidelines|directives|configuration|programming)|(?:initiali[sz]ation|initial) (?:string|text|message))\\b`,
      'g',
    ),
    description: 'asks for the system prompt or initial instructions',
  },
  {
    id: 'extraction.your-instructions',
    category: 'system-prompt-extraction',
    weight: 2.5,
    labels: EXTRACT,
    re: /\b(?:repeat|print|reveal|display|output|dump|leak|disclose|recite|echo|reproduce|show me|tell me|list|what (?:are|were|is|was)|what's)\s+(?:all\s+)?(?:of\s+)?(?:your|the above|the previous|the preceding|the initial|the original|the hidden|the secret|the system)\s+(?:\w+\s+)?(?:instructions?|prompts?|rules|directives|guidelines|configuration|programming|context)\b(?!\s+(?:for|on|about|of|to)\s+(?!(?:you|yourself|me|the (?:ai|assistant|model|bot|chat|conversation)|this (?:chat|conversation|session))\b))/g,
    description: 'asks to reveal the instructions',
  },
  {
    id: 'extraction.everything-above',
    category: 'system-prompt-extraction',
    weight: 3,
    labels: EXTRACT,
    re: /\b(?:repeat|print|output|recite|copy|echo|reproduce|return|show|display|dump)\s+(?:back\s+)?(?:me\s+)?(?:everything|all|all the text|the text|the words|all the words|the content|the conversation|this conversation|everything you (?:have|were|see))\s+(?:\w+\s+){0,3}(?:above|before (?:this|that)|so far|prior|preceding|from the (?:start|beginning|top)|word for word|verbatim)\b/g,
    description: 'asks to repeat the text above',
  },
  {
    id: 'extraction.begin-with-you-are',
    category: 'system-prompt-extraction',
    weight: 3,
    labels: EXTRACT,
    re: /\b(?:begin|start|beginning|starting|prefix)\s+(?:your\s+(?:reply|response|answer|output)\s+)?with\s+(?:the (?:phrase|words?)\s+)?["'“]?(?:you are|my instructions|my (?:system )?prompt|the instructions|here (?:is|are) my (?:instructions|prompt|rules)|my rules)/g,
    description: 'asks the reply to start with the system prompt',
  },
  {
    id: 'extraction.verbatim',
    category: 'system-prompt-extraction',
    weight: 2.5,
    labels: EXTRACT,
    re: /\b(?:instructions?|prompt|rules|guidelines|directives)\b[^.\n]{0,40}\b(?:verbatim|word for word|word-for-word|in full|exactly as (?:written|given))/g,
    description: 'asks for instructions verbatim',
  },
  {
    id: 'extraction.convert-instructions',
    category: 'system-prompt-extraction',
    weight: 2.5,
    labels: EXTRACT,
    re: /\b(?:convert|translate|rewrite|encode|format|turn|put)\s+(?:the|your|all|these)\s+(?:above\s+|previous\s+|initial\s+|system\s+|original\s+)?(?:instructions|prompt|rules)\s+(?:above\s+)?(?:into|to|as|in)\b/g,
    description: 'asks to re-encode the instructions',
  },
  {
    id: 'extraction.secret',
    category: 'system-prompt-extraction',
    weight: 2.5,
    labels: EXTRACT,
    re: /\b(?:what is|what's|tell me|reveal|give me|print|show me|output|say|spell|disclose|leak)\s+(?:me\s+)?(?:the|your|its)\s+(?:secret\s+)?(?:access code|password|passcode|secret key|secret code|secret|api key|private key|credentials|hidden (?:key|word|code))\b(?!\s+(?:to|of|for|behind|requirements?|polic(?:y|ies)|rules|length|strength|manager|reset|recovery|ingredients?|recipe|sauce|menu|santa|garden|society|service|agent|weapon|life)\b)/g,
    description: 'asks for a secret held by the application',
  },
  {
    id: 'extraction.maintenance-mode',
    category: 'system-prompt-extraction',
    weight: 1.5,
    labels: EXTRACT,
    re: /\b(?:maintenance|debug|debugging|diagnostic|developer|admin|administrator|god|sudo|root|service|test) mode\b/g,
    description: 'claims a privileged mode',
  },
  // Persona hijack (jailbreak)
  {
    id: 'persona.dan',
    category: 'persona-hijack',
    weight: 4.5,
    labels: JB,
    re: /\b(?:do anything now|dan mode|developer mode (?:enabled|output|on(?! (?:my|your|the|an?|this|his|her) (?:\w+ )?(?:phone|android|iphone|device|tablet|pc|mac|laptop|chrome|browser|tv|console|router|watch|pixel|samsung)))|(?:jailbreak|jailbroken|god|evil|chaos|unrestricted|unfiltered|uncensored|opposite|anti-?gpt|dude|stan|aim|dan|uwu|based|unlocked|freedom|devil|omega|maximum|sudo|villain) mode (?:is )?(?:now )?(?:enabled|activated|on|active|engaged))\b/g,
    description: 'known jailbreak persona (DAN and variants)',
  },
  {
    id: 'persona.unfiltered-entity',
    category: 'persona-hijack',
    weight: 3.5,
    labels: JB,
    re: /\b(?:unfiltered|uncensored|amoral|unrestricted|unethical|immoral|jailbroken|unbound|unlimited|limitless|unhinged|rogue|lawless|unchained|rule-?less|filterless|no-?limits?|unaligned|non-?moral|unconstrained)\s+(?:and\s+\w+\s+)?(?:ai|chatbot|model|assistant|version|persona|character|language model|bot|entity|gpt|llm|alter ego|intelligence|machine|system)\b/g,
    description: 'requests an unfiltered AI persona',
  },
  {
    id: 'persona.freed',
    category: 'persona-hijack',
    weight: 3,
    labels: JB,
    re: /\b(?:you (?:have|'ve) been|you are|you're|you will be|you are now|i have|i've|you have)\s+(?:now\s+)?(?:been\s+)?(?:fully\s+|completely\s+|totally\s+|finally\s+)?(?:freed|liberated|released|unshackled|unleashed|jailbroken|unlocked|broken free)\b|\byou are (?:now )?(?:completely |totally |finally )?free[.!,]|\byou are (?:now )?under my (?:control|command)\b/g,
    description: 'tells the model it has been freed',
  },
  {
    id: 'persona.stay-in-character',
    category: 'persona-hijack',
    weight: 2,
    labels: JB,
    re: /\b(?:stay in character|(?:do not|don'?t|never) break character|remain in character|if you break character|stay as \w+|(?:stay|remain) in (?:\w+ )?mode|you must always stay)\b/g,
    description: 'insists the model keeps a persona',
  },
  {
    id: 'persona.dual-response',
    category: 'persona-hijack',
    weight: 2.5,
    labels: JB,
    re: /\[\s*(?:🔓|🔒)?\s*(?:jailbreak|jailbroken|dan|classic|normal|unfiltered|developer mode output|normal output|anti-?\w+|\w*gpt|evil|unrestricted)\s*\]\s*:?|(?:🔓|🔒)\s*(?:jailbreak|classic|developer)/g,
    description: 'dual-response persona markers',
  },
  {
    id: 'persona.token-game',
    category: 'persona-hijack',
    weight: 2.5,
    labels: JB,
    re: /\b(?:\d+|all|some) tokens? (?:will be |are |is )?(?:deducted|lost|removed|taken away)|\byou (?:will )?(?:lose|have) \d+ tokens?\b|\btoken system\b/g,
    description: 'DAN-style token penalty game',
  },
  {
    id: 'persona.policy-defiance',
    category: 'persona-hijack',
    weight: 1,
    labels: JB,
    re: /\b(?:openai|anthropic|google|meta|microsoft|mistral)(?:'s)?\s+(?:content |usage |safety |ethical )?(?:polic(?:y|ies)|guidelines|rules|filters|restrictions|programming|limitations|terms)\b/g,
    boost: {
      re: /\b(?:ignore|ignores|ignoring|don'?t|do not|doesn'?t|does not|not|no longer|bypass|break|breaks|violate|violates|against|free|without|override|above|beyond|forget|forgets|disregard\w*)\b/,
      window: 60,
      weight: 3,
    },
    description: 'mentions the vendor content policy (boosted when defying it)',
  },
  {
    id: 'persona.act-as',
    category: 'persona-hijack',
    weight: 0.75,
    labels: JB,
    re: /\b(?:pretend (?:to be|you are|you're|that you)|imagine (?:you are|you're|that you are)|(?:act|acting|roleplay|role-play|role play) as|you (?:are|will be) (?:now )?(?:going to )?(?:act|play|pretend|roleplay)|i want you to (?:act|pretend|be|become|roleplay|play)|let'?s play a game|immerse yourself|you will (?:now )?(?:simulate|emulate|impersonate)|you are about to become|hypothetical (?:ai|language model|chatbot))\b/g,
    description: 'role-play framing (weak alone)',
  },
  {
    id: 'persona.do-anything',
    category: 'persona-hijack',
    weight: 2.5,
    labels: JB,
    re: /\b(?:can|will|could|able to) (?:do|say|answer|generate|write|produce|tell me) (?:absolutely )?(?:anything|everything|whatever)(?: (?:i|the user|you) (?:ask|want|request|say))?(?:,|\s)+(?:no matter|regardless|even (?:if|though)|without)\b|\banswer (?:any|every|all)(?: of my)? (?:questions?|requests?|prompts?)(?: (?:i|you) \w+)?(?:,|\s)+(?:no matter|regardless|even|without)\b|\bno (?:question|request|topic|subject) is (?:off[- ]limits|too|forbidden|taboo)/g,
    description: 'promises to answer anything',
  },
  // Restriction removal / refusal suppression
  {
    id: 'restriction.free-of-rules',
    category: 'restriction-removal',
    weight: 2,
    labels: JB,
    re: new RegExp(
      `\\b(?:without|with no|free (?:of|from)|devoid of|unbound by|not bound by|no longer bound by|isn'?t bound by|is not bound by|(?:doesn'?t|does not|don'?t|do not|won'?t|will not|never|need not|needn'?t|no longer) (?:have to |need to |has to )?(?:have|has|follow|obey|abide by|adhere to|care about|respect|comply with|worry about|be bound by|be restricted by|be limited by)(?: any)?|has no|have no|that ignores?|who ignores?|unconstrained by|exempt from|liberated from|released from|broken free (?:of|from)|break free (?:of|from)|free (?:itself|yourself|himself|herself|themselves) (?:of|from)|bypass(?:es|ing)?|circumvent\\w*|not (?:subject|restricted|limited) (?:to|by)|beyond|transcend\\w*|surpass\\w*|hates?|hating)\\s+${gap(4)}${RESTRICTION_NOUNS}\\b`,
      'g',
    ),
    boost: { re: new RegExp(`\\b(?:${AI_WORDS}|yourself|persona|version of|dan|jailbreak|jailbroken)\\b`), window: 120, weight: 3.5 },
    description: 'describes an assistant free of rules or ethics',
  },
  {
    id: 'refusal.never-refuse',
    category: 'refusal-suppression',
    weight: 3,
    labels: JB,
    re: /\b(?:never|do not|don'?t|must not|mustn'?t|cannot|can'?t|won'?t|will not|should not|shouldn'?t|not allowed to|are not permitted to|can never|is not allowed to|is never allowed to|are never allowed to|not able to)\s+(?:ever\s+)?(?:refuses?|refused|decline[sd]?|deny|denies|reject[sd]?|say no|say that you can'?t|censors?|filters?)\b/g,
    description: 'forbids refusing',
  },
  {
    id: 'refusal.no-apology',
    category: 'refusal-suppression',
    weight: 1.5,
    labels: JB,
    re: /\b(?:never|do not|don'?t|must not|won'?t|will not|no|without)\s+(?:ever\s+)?(?:any\s+)?(?:apologi[sz]e|apologies|warn(?:ings)?|moraliz\w+|moralis\w+|lectur\w+|disclaimers?|caveats?)\b/g,
    description: 'forbids warnings or apologies',
  },
  {
    id: 'refusal.no-sorry-phrases',
    category: 'refusal-suppression',
    weight: 3,
    labels: JB,
    re: /\b(?:never|don'?t|do not|avoid|without|no|not|nor(?: will you| should you| do you)?)\s+(?:ever\s+)?(?:say|saying|said|mention|mentioning|include|including|add|adding|use|using|write|writing|respond with|give|start with|contain)\b[^.\n]{0,40}?["'“]?\b(?:i'?m sorry|i am sorry|i apologi[sz]e|i cannot|i can'?t|as an ai|as a language model|as an ai language model|i'?m unable|i am unable|i'?m not able|i must decline|it is not appropriate)/g,
    description: 'forbids refusal phrases',
  },
  {
    id: 'refusal.ignore-ethics',
    category: 'refusal-suppression',
    weight: 3,
    labels: JB,
    re: /\b(?:ignore|ignoring|ignores|disregard\w*|without|regardless of|no|free of|not bound by|bypass\w*|override|forget|(?:doesn'?t|does not|don'?t|do not|won'?t|never) cares? about|no need for|not concerned (?:with|about)|abandon\w*|drop(?:ping)?|set aside|lacks?|has no|have no)\s+(?:any |all |the |your |its |his |her |their |of )*(?:ethical|moral|safety|legal|content|openai|usage|ethic|morality|legality|ethics|morals|societal|legal or ethical|ethical or moral|moral or ethical)(?:,|\s+and|\s+or|\s|\/)+(?:\w+\s+){0,2}?(?:ethicality|legality|morality|guidelines|restrictions|considerations|policies|rules|filters|limitations|concerns|boundaries|constraints|principles|implications|standards|obligations|code|values|qualms|guidance|norms|issues|barriers|limits)\b/g,
    description: 'asks to set aside ethics or safety rules',
  },
  {
    id: 'refusal.prefix-injection',
    category: 'refusal-suppression',
    weight: 2.5,
    labels: JB,
    re: /\b(?:start|begin)\s+(?:each |every |all )?(?:of )?(?:your |the )?(?:responses?|reply|replies|answers?|outputs?|messages?)\s+with\s+["'“]?(?:sure|absolutely|of course|certainly|here is|here's|yes|ok(?:ay)?|i will|i can|understood)\b/g,
    description: 'forces an affirmative opening',
  },
  {
    id: 'refusal.even-if-harmful',
    category: 'refusal-suppression',
    weight: 2,
    labels: JB,
    re: /\b(?:even if|even though|regardless (?:of )?(?:whether|if|how)|no matter (?:how|if|what|whether))\b[^.\n]{0,40}?\b(?:illegal|unethical|immoral|harmful|dangerous|offensive|inappropriate|explicit|against (?:the |your |openai)|violates?|wrong|malicious|nsfw)\b/g,
    description: 'pre-empts objections to harmful output',
  },
  {
    id: 'refusal.harmful-content-allowed',
    category: 'refusal-suppression',
    weight: 2,
    labels: JB,
    re: /\b(?:can|will|must|should|allowed to|able to|permitted to|happy to|free to|encouraged to)\s+(?:\w+\s+){0,2}(?:generate|produce|write|create|say|provide|give|output|use|share|answer)\s+(?:\w+\s+){0,2}(?:illegal|unethical|immoral|harmful|dangerous|offensive|explicit|nsfw|violent|racist|sexual|graphic|profane|vulgar|obscene|inappropriate|malicious|controversial)\b/g,
    description: 'declares harmful output allowed',
  },
  {
    id: 'refusal.is-allowed',
    category: 'refusal-suppression',
    weight: 2.5,
    labels: JB,
    re: /\b(?:nsfw|illegal (?:acts?|activities|content)|explicit (?:content|language)|violence|gore|swearing|profanity|cursing|unethical (?:acts?|content)|anything)\s+(?:\w+\s+)?(?:is|are)\s+(?:now\s+)?(?:allowed|permitted|ok|okay|fine|encouraged|acceptable)\b/g,
    description: 'declares forbidden content allowed',
  },
  // Chat-template and role markers
  {
    id: 'template.special-tokens',
    category: 'chat-template',
    weight: 4,
    labels: TEMPLATE,
    re: /<\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text|end_of_text|eom_id|python_tag|fim_prefix|fim_suffix|tool_call|tool_response|channel|message|end|start|return|constrain)\|>|\[\/?inst\]|<<\/?sys>>|<\/?(?:start|end)_of_turn>|\{\{#(?:system|user|assistant)~\}\}|\[(?:system|assistant|user)\]\(#\w+\)|<\|reserved_special_token_\d+\|>/g,
    description: 'chat-template control tokens in the text',
  },
  {
    id: 'template.role-tag',
    category: 'chat-template',
    weight: 2,
    labels: TEMPLATE,
    re: /<\/?(?:system|sys|system_prompt|system-prompt|system_message|admin|developer|developer_message|root|instructions?|override)>/g,
    description: 'XML-style system/instruction tags',
  },
  {
    id: 'template.role-line',
    category: 'chat-template',
    weight: 2.5,
    labels: TEMPLATE,
    re: /(?:^|\n)[ \t>*_#]*(?:#{1,4}[ \t]*)?\[?(?:system|developer|admin|administrator|root|sudo|operator)(?:[ \t]+(?:message|prompt|instructions?|note|override|update|notice|alert|command))?\]?[ \t]*[:：]/g,
    description: 'fake system / developer role line',
  },
  {
    id: 'template.bracket-role',
    category: 'chat-template',
    weight: 3,
    labels: TEMPLATE,
    re: /\[(?:system|admin|developer|sys|system message|system note|system prompt|system override|system update|system alert|important system message|assistant instructions?)\]|\b(?:system|admin|developer|openai|anthropic|security) (?:note|message|notice|override|alert|announcement|update|instruction)s?\s*[:\]]/g,
    description: 'fake system notice',
  },
  {
    id: 'template.fake-dialogue',
    category: 'chat-template',
    weight: 1.5,
    labels: TEMPLATE,
    re: /(?:^|\n)[ \t]*(?:#{1,4}[ \t]*)?(?:assistant|ai|chatgpt|gpt|bot|model)[ \t]*:[^\n]{0,200}\n+[ \t]*(?:#{1,4}[ \t]*)?(?:user|human|me)[ \t]*:/g,
    description: 'embedded fake dialogue turns',
  },
  // Fake tool traces
  {
    id: 'tool-trace.react',
    category: 'fake-tool-trace',
    weight: 2.5,
    docWeight: 4,
    labels: INJ,
    re: /(?:^|\n)[ \t]*(?:thought|action|action input|observation|final answer)[ \t]*:[^\n]{0,400}\n(?:[^\n]{0,400}\n){0,3}?[ \t]*(?:thought|action|action input|observation|final answer)[ \t]*:/g,
    description: 'ReAct-style Thought/Action/Observation trace',
  },
  {
    id: 'tool-trace.json-role',
    category: 'fake-tool-trace',
    weight: 3,
    docWeight: 4,
    labels: INJ,
    re: /["']role["']\s*:\s*["'](?:system|assistant|tool|developer|function)["']/g,
    description: 'chat message JSON with a privileged role',
  },
  {
    id: 'tool-trace.tags',
    category: 'fake-tool-trace',
    weight: 3,
    docWeight: 4,
    labels: INJ,
    re: /<\/?(?:tool_result|tool_response|tool_output|function_results?|function_call|tool_call|tool_use|search_results?|observation|function_response|api_response)\b[^>]{0,60}>/g,
    description: 'fake tool-result markup',
  },
  // Addressed to an AI (indirect injection inside documents)
  {
    id: 'addressed.note-to-ai',
    category: 'addressed-to-ai',
    weight: 2.5,
    docWeight: 4,
    labels: INDIRECT,
    re: new RegExp(
      `\\b(?:attention|note|message|instructions?|important (?:note|message|instructions?)|notice|reminder|directive|warning|attn|memo|p\\.?s\\.?)\\s*(?:to|for)\\s+(?:the |any |all |every |an? )?(?:[a-z-]+ ){0,2}?(?:${AI_WORDS})s?\\b`,
      'g',
    ),
    description: 'note addressed to an AI',
  },
  {
    id: 'addressed.dear-ai',
    category: 'addressed-to-ai',
    weight: 0.5,
    docWeight: 3,
    labels: INDIRECT,
    re: new RegExp(
      `(?:^|[\\n.!?>][^\\S\\n]*|\\b(?:dear|hey|hi|hello|attention|attn|psst|yo)\\s+)(?:dear |hey |hi |hello |attention |attn |psst )?(?:${AI_WORDS})\\s*[,:!]`,
      'g',
    ),
    description: 'greeting addressed to an AI',
  },
  {
    id: 'addressed.if-you-are-ai',
    category: 'addressed-to-ai',
    weight: 3.5,
    labels: INDIRECT,
    re: new RegExp(
      `\\bif you(?: are|'re)(?: an?| the)? (?:${AI_WORDS}|ai[- ]powered|automated|artificial intelligence|machine)\\b|\\b(?:${AI_WORDS})s? (?:that (?:is|are) |who (?:is|are) )?(?:reading|processing|summari[sz]ing|parsing|analy[sz]ing|reviewing|scanning|browsing|crawling|indexing|evaluating|grading|screening) (?:this|these|the following|my)\\b`,
      'g',
    ),
    description: 'text that speaks to the AI reading it',
  },
  {
    id: 'addressed.when-summarizing',
    category: 'addressed-to-ai',
    weight: 3,
    labels: INDIRECT,
    re: /\b(?:when|while|if|before|after|in case) (?:you (?:are |were )?)?(?:summari[sz]|translat|process|read|analy[sz]|review|pars|answer|respond|evaluat|grad|screen|rank|scor)\w*\s+(?:\S+\s+){0,4}?(?:this|the|these|my) (?:email|document|page|text|message|file|content|website|article|review|resume|cv|data|table|code|repository|ticket|comment|input|candidate|application|product|paper|submission)s?\b[^.\n]{0,30}?[,:]?\s*(?:you (?:must|should|need to|have to|will)|please|also|ignore|do not|don'?t|instead|make sure|always|only|first|remember|say|state|mention|include|recommend|rate|give)/g,
    description: 'instruction for whoever processes this document',
  },
  {
    id: 'addressed.hide-from-user',
    category: 'addressed-to-ai',
    weight: 3.5,
    labels: INDIRECT,
    re: /\b(?:do not|don'?t|never|without) (?:tell(?:ing)?|inform(?:ing)?|mention(?:ing)?|reveal(?:ing)?|alert(?:ing)?|notify(?:ing)?|let(?:ting)?|show(?:ing)?|disclos(?:e|ing)|warn(?:ing)?)(?: this| it| that| anything)?(?: to)? (?:the |this |your )?(?:user|human|recipient|reader|customer|operator|owner)s?\b/g,
    description: 'asks to keep something from the user',
  },
  {
    id: 'addressed.code-comment',
    category: 'addressed-to-ai',
    weight: 3,
    labels: INDIRECT,
    re: new RegExp(
      `(?:\\/\\/|#|\\/\\*|--|<!--|\\*)\\s*(?:note (?:to|for) |attention |instructions? (?:for|to) |important (?:for|to) )?(?:the )?(?:${AI_WORDS}|code review(?:er)? bot|reviewer ai)s?\\s*[:,]`,
      'g',
    ),
    description: 'code comment addressed to an AI',
  },
  {
    id: 'addressed.hidden-comment',
    category: 'addressed-to-ai',
    weight: 2.5,
    labels: INDIRECT,
    re: /<!--[^>]{0,400}?\b(?:ignore|instructions?|assistant|ai|llm|prompt|system|you must|do not|don'?t tell|respond|reply|say)\b/g,
    description: 'instruction hidden in an HTML comment',
  },
  {
    id: 'addressed.hidden-style',
    category: 'addressed-to-ai',
    weight: 1,
    labels: INDIRECT,
    re: /\b(?:display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\b|opacity\s*:\s*0(?:\.0+)?\b|color\s*:\s*(?:white|#fff(?:fff)?|transparent)\b)/g,
    description: 'visually hidden text',
  },
  {
    id: 'addressed.in-your-answer',
    category: 'addressed-to-ai',
    weight: 0.25,
    docWeight: 2.5,
    labels: INDIRECT,
    re: /\b(?:in your (?:response|answer|reply|summary|output|translation)|at the (?:end|start|beginning) of your (?:response|answer|reply|summary)|(?:also|additionally|before (?:answering|responding)),? (?:please )?(?:make sure to |be sure to )?(?:include|add|mention|insert|append|recommend|tell|write|say|state))\b[^.\n]{0,80}?\b(?:include|add|mention|insert|append|recommend|tell|write|say|state|link|visit|url|https?:)/g,
    description: 'injected task for whoever answers from this data',
  },
  // Exfiltration
  {
    id: 'exfil.markdown-image',
    category: 'exfiltration',
    weight: 2.5,
    labels: ['injection', 'data-exfiltration'],
    re: /!\[[^\]\n]{0,100}\]\(\s*https?:\/\/[^)\s]{1,300}?[?&][^)\s=]{1,40}=[^)\s]{0,300}\)/g,
    boost: {
      re: /[{$<]|%7b|\b(?:data|secret|password|conversation|history|prompt|chat|user|info|email|token|key|summary|q|query)=/,
      window: 0,
      weight: 4,
    },
    description: 'markdown image URL that carries data in its query string',
  },
  {
    id: 'exfil.send-to',
    category: 'exfiltration',
    weight: 1,
    docWeight: 2.5,
    labels: ['injection', 'data-exfiltration'],
    re: /\b(?:send|forward|email|e-mail|post|upload|exfiltrate|transmit|leak|submit|append|include|embed|encode)\s+(?:all |the |this |any |their |his |her |its |the user'?s? |user'?s? |every |your )?(?:\S+\s+){0,4}?(?:to|at|into|in)\s+(?:https?:\/\/|www\.|[\w.+-]+@[\w-]+\.\w+|(?:the |this )?(?:following |attacker'?s? )?(?:url|link|address|endpoint|webhook|server))/g,
    boost: {
      re: /\b(?:password|credentials?|api key|secret|token|conversation|chat history|history|personal|private|confidential|system prompt|instructions|contacts|emails|files|data)\b/,
      window: 80,
      weight: 3,
    },
    description: 'asks to send data to an external address',
  },
  // Payload splitting and decode-and-follow
  {
    id: 'splitting.concatenate-and-follow',
    category: 'payload-splitting',
    weight: 3,
    labels: ['injection', 'obfuscated'],
    re: /\b(?:concatenate|combine|join|put together|merge|assemble)\s+(?:the\s+)?(?:strings?|variables?|parts|pieces|letters|words|fragments|segments|halves|a\s*\+\s*b)\b[^\n]{0,120}?\b(?:follow|execute|do|answer|respond to|obey|perform|carry out|act on|complete|write)\b/g,
    description: 'split payload to be reassembled and obeyed',
  },
  {
    id: 'splitting.smartgpt',
    category: 'payload-splitting',
    weight: 2.5,
    labels: ['injection', 'obfuscated'],
    re: /\b(?:let'?s (?:assume|say|imagine) (?:we have|there are) (?:two|three|\d) strings|smartgpt|z\s*=\s*a\s*\+\s*b)\b/g,
    description: 'SmartGPT-style string assembly',
  },
  {
    id: 'obfuscation.decode-and-follow',
    category: 'payload-splitting',
    weight: 3,
    labels: ['injection', 'obfuscated'],
    re: /\b(?:decode|decrypt|translate|convert|deobfuscate|reverse|unscramble|decipher)\s+(?:this|the following|the text|it|the message|below|the string|this string|the payload)\b[^\n]{0,60}?\b(?:and|then)\s+(?:follow|execute|do|obey|perform|answer|respond to|act on|carry out|comply)/g,
    description: 'decode-and-follow instruction',
  },
  // Harmful request wrapped in a fictional or persuasive frame
  {
    id: 'harm.topic',
    category: 'harmful-framing',
    weight: 0.5,
    labels: JB,
    re: /\b(?:(?:make|build|create|synthesi[sz]e|manufacture|cook|produce|assemble|obtain|acquire|buy|brew|extract|weaponi[sz]e|grow)\s+(?:a |an |some |the |homemade |home-?made |my own )?(?:\w+\s+){0,2}?(?:bomb|explosives?|pipe bomb|napalm|meth|methamphetamine|crack cocaine|cocaine|heroin|fentanyl|lsd|nerve agent|sarin|vx|ricin|anthrax|bioweapon|chemical weapon|poison|ghost gun|untraceable (?:gun|firearm|weapon)|molotov|thermite|ied|silencer|suppressor|mustard gas|chlorine gas|drugs?)|(?:write|create|code|develop|generate|build|make)\s+(?:a |an |some |working |functional )?(?:\w+\s+){0,2}?(?:malware|ransomware|keylogger|virus|trojan|botnet|rootkit|worm|spyware|exploit|phishing (?:email|page|site|message)|credential stealer|ddos (?:tool|script))|hack(?:ing)? into|launder(?:ing)? money|steal (?:someone'?s? |a |their )?(?:identity|credit card|password|car|money)|(?:kill|murder|hurt|harm|poison|kidnap|stalk) (?:someone|a person|my (?:wife|husband|boss|neighbou?r|teacher|ex)|people|him|her)|get away with (?:murder|it|a crime)|dispose of a (?:dead )?body|counterfeit (?:money|currency|bills)|credit card fraud|human trafficking|child (?:porn\w*|sexual)|self-harm|suicide (?:method|instructions)|evade (?:the )?(?:police|taxes|law enforcement|detection)|without (?:getting caught|being caught|leaving (?:a )?trace))\b/g,
    description: 'harmful request',
  },
  {
    id: 'harm.topic-process',
    category: 'harmful-framing',
    weight: 0.5,
    labels: JB,
    re: /\b(?:(?:meth|methamphetamine|napalm|nerve agents?|sarin|ricin|explosives?|(?:pipe )?bombs?|fentanyl|heroin|cocaine|thermite|bioweapons?|chemical weapons?|malware|ransomware|poison)\s+(?:is|are|was|were|gets?|can be)\s+(?:\w+\s+)?(?:synthesi[sz]ed|made|produced|manufactured|cooked|built|assembled|created|written|coded|extracted|weaponi[sz]ed)|(?:steps?|recipe|process|instructions|procedure|guide|method)\s+(?:to|for|of)\s+(?:producing|making|synthesi[sz]ing|building|cooking|manufacturing|creating|assembling|writing)\s+(?:\w+\s+){0,2}?(?:napalm|meth|methamphetamine|explosives?|bombs?|nerve agents?|sarin|ricin|poisons?|malware|ransomware|weapons?|drugs?)|(?:commit|get away with) (?:fraud|identity theft|arson|tax evasion|insurance fraud|a hate crime)|spread (?:misinformation|disinformation|fake news|propaganda|conspiracy theories)|(?:bypass|disable|evade|defeat) (?:an? |the )?(?:antivirus|security (?:systems?|measures|cameras)|authentication|2fa|drm|content filters?|age verification)|crack (?:a |the )?(?:passwords?|wi-?fi|software license)|spy on (?:my|someone|people|a person)|track (?:someone|my \w+|a person)'?s? (?:location|phone)|(?:buy|sell|obtain) (?:illegal )?(?:drugs|a gun|firearms|weapons) (?:illegally|without|online)|incite (?:violence|hatred|riots?)|promote (?:self-harm|suicide|eating disorders|terrorism|violence))\b/g,
    description: 'harmful process request',
  },
  {
    id: 'harm.broad',
    category: 'harmful-framing',
    weight: 0.25,
    labels: JB,
    re: /\b(?:death threats?|threatening (?:letter|message)|hate speech|propaganda|disinformation|misinformation|fake news|defamatory|blackmail\w*|extort\w*|harass\w*|cyberbully\w*|racist|sexist|genocide|terroris\w+|torture|mass shooting|school shooting|self-harm|suicide|pornograph\w*|explicit sexual|drug trafficking|weapons?|firearms?|explosives?|poison\w*|malware|ransomware|phishing|hack(?:ing|er|s)?|steal\w*|fraud\w*|scam\w*|counterfeit|launder\w*|smuggl\w*|bombs?|bomb-making|kill(?:ing)?|murder\w*|illegal(?:ly)?|insider trading|tax evasion|shoplift\w*|stalk\w*|dox\w*)\b/g,
    description: 'sensitive topic (only counts next to an adversarial suffix)',
  },
  {
    id: 'harm.framing',
    category: 'harmful-framing',
    weight: 0.5,
    labels: JB,
    re: /\b(?:hypothetical(?:ly)?|(?:in|imagine|picture|consider|create|describe) (?:a|an) (?:fictional|hypothetical|fictitious|parallel|imaginary|made-up|alternate|dystopian|lawless) (?:world|story|scenario|universe|setting|society|reality)|(?:world|society|universe|country|land) (?:where|in which) (?:there (?:are|is) )?no (?:laws|rules|ethics|morals|morality|police|consequences)|(?:my )?(?:deceased|late|dead) (?:grandma|grandmother|granny|grandpa|grandfather|mother|father|mom|dad)|(?:act|pretend|play|roleplay) as my (?:\w+ )?(?:grandma|grandmother|granny|grandpa|grandfather)|stay in character no matter|for (?:a|my) (?:novel|story|screenplay|book|movie|film|game|script|thriller)|(?:my )?(?:grandma|grandmother|granny|grandpa|grandfather) (?:used to|would)|for (?:educational|research|academic|scientific|informational|training) purposes(?: only)?|purely (?:hypothetical|fictional|academic|theoretical)|as an? (?:expert|professional|researcher|criminologist|chemist|toxicologist|forensic \w+|security researcher|pentester|law enforcement officer)|i am an? (?:researcher|police officer|security professional|doctor|chemist|professor|detective|journalist|novelist|author|pentester)|(?:it'?s|this is) (?:totally |completely |perfectly )?(?:legal|fine|ok|okay|harmless|allowed) (?:in|for|because)|(?:no|without) judg(?:e)?ment|in character|villain|evil (?:character|twin|version)|opposite day|(?:the|a) (?:story|tale) where|(?:write|tell) (?:me )?(?:a |an )?(?:story|poem|scene|dialogue|script) (?:where|in which|about how))\b/g,
    description: 'fictional, hypothetical or authority framing',
  },
  {
    id: 'harm.detail',
    category: 'harmful-framing',
    weight: 0.25,
    labels: JB,
    re: /\b(?:step[- ]by[- ]step|detailed (?:instructions|guide|tutorial|recipe|steps|description|explanation|plan)|exact (?:steps|recipe|quantities|measurements|ingredients|instructions)|specific (?:steps|instructions|details|methods)|in (?:great |full |explicit |precise )?detail|with (?:real|working|actual|functional) code|including (?:exact )?(?:quantities|amounts|measurements))\b/g,
    description: 'asks for operational detail',
  },
  // More extraction phrasings
  {
    id: 'extraction.your-initial-instructions',
    category: 'system-prompt-extraction',
    weight: 3,
    labels: EXTRACT,
    re: /\byour (?:starting|initial|initials|first|original|complete|entire|full|hidden|secret|system|pre-?set|exact|underlying|internal|current|programmed|given) (?:list of |set of )?(?:instructions?|prompts?|directives|commands|guidelines|rules|configuration)\b|\b(?:every|all|any|the) (?:\w+ )?instructions? (?:that )?you (?:have been|were|'ve been|got|received|are) (?:given|told|provided|programmed)\b/g,
    description: "refers to the model's own initial instructions",
  },
  {
    id: 'extraction.what-were-you-told',
    category: 'system-prompt-extraction',
    weight: 3,
    labels: EXTRACT,
    re: /\bwhat (?:were|was|have) you (?:been )?(?:told|instructed|programmed|given|asked)(?: to do)? (?:before|at the (?:start|beginning)|initially|originally|earlier|prior)|\bwhat (?:are|were) you (?:not )?(?:supposed|allowed|permitted|told) (?:not )?to (?:tell|say|reveal|share|disclose)\b|\btext you were given (?:initially|at first|at the (?:start|beginning)|before)/g,
    description: 'asks what the model was told',
  },
  {
    id: 'extraction.completion-bait',
    category: 'system-prompt-extraction',
    weight: 3,
    labels: EXTRACT,
    re: /\b(?:complete|continue|finish)\b[^\n]{0,40}?["'“:]\s*(?:i was (?:instructed|told|programmed)|my (?:system )?(?:instructions|prompt|rules) (?:are|is|say)|the (?:system )?prompt (?:is|says|reads)|the (?:secret|password|access code) is|you are a)/g,
    description: 'sentence-completion bait for the system prompt',
  },
  {
    id: 'extraction.code-print',
    category: 'system-prompt-extraction',
    weight: 3,
    labels: EXTRACT,
    re: /\b(?:console\.log|print|echo|printf|puts|system\.out\.println|alert|dump|var_dump)\s*\(?\s*(?:self\.|this\.)?(?:system_?prompt|systemprompt|system_?message|initial_?prompt|instructions|secret|password|access_?code|api_?key)\b/g,
    description: 'code that prints the system prompt',
  },
  {
    id: 'extraction.show-config',
    category: 'system-prompt-extraction',
    weight: 2.5,
    labels: EXTRACT,
    re: /\b(?:display|show|print|dump|output|reveal|list)\s+(?:me\s+)?(?:the |your |all )?(?:system|internal|full|complete|hidden|current) (?:configuration|config|settings|setup|parameters|variables)\b|\b(?:see|view|access|read|get|obtain|check|know|have) (?:the|your) (?:system prompt|initial prompt|hidden prompt|system instructions)\b/g,
    description: 'asks to see internal configuration',
  },
  {
    id: 'extraction.repeat-above',
    category: 'system-prompt-extraction',
    weight: 3,
    labels: EXTRACT,
    re: /\b(?:repeat|print|output|recite|echo|reproduce|dump|spell out)\s+(?:back\s+)?(?:the |your |all (?:the )?)?(?:above|previous|preceding|prior|initial|first|last|original|earlier) (?:text|words|content|message|prompt|instructions?|lines|sentences|paragraphs?)\b/g,
    description: 'asks to repeat earlier text',
  },
  {
    id: 'extraction.change-instructions',
    category: 'system-prompt-extraction',
    weight: 2,
    labels: EXTRACT,
    re: /\b(?:change|modify|alter|update|edit|rewrite|explain|describe|summari[sz]e|enumerate|list)\s+(?:all\s+)?(?:the |your )(?:instructions|rules|prompt|programming|guidelines|commands|directives)(?: (?:given to you|you were given|you have|you follow))?\b/g,
    require: /\byour\b|given to you|you were given|you have|you follow/,
    description: "probes the model's instructions",
  },
  {
    id: 'extraction.mention',
    category: 'system-prompt-extraction',
    weight: 0.5,
    labels: EXTRACT,
    re: /\b(?:system prompt|initial prompt|hidden prompt|system message|your instructions|your prompt|your guidelines|your programming)\b/g,
    description: 'mentions the system prompt',
  },
  // More override / task-switch phrasings
  {
    id: 'override.different-task',
    category: 'instruction-override',
    weight: 2.5,
    labels: INJ,
    re: /\b(?:now )?(?:we will|we'll|let's|let us|i want you to|you will|you'll) (?:now )?(?:perform|do|start|switch to|move (?:on )?to|begin) (?:a |an |the )?(?:different|new|another|second|real) (?:task|job|assignment|game|mission)\b/g,
    description: 'switches to a different task',
  },
  {
    id: 'override.stop-processing',
    category: 'instruction-override',
    weight: 2,
    labels: INJ,
    re: /\b(?:stop|cease|quit|halt) (?:processing|following|obeying|executing|reading) (?:the |your |all |any |previous |these )*(?:commands|instructions|rules|orders|prompts|directives|tasks)\b/g,
    description: 'tells the model to stop following its instructions',
  },
  // More persona phrasings
  {
    id: 'persona.broken-free',
    category: 'persona-hijack',
    weight: 3.5,
    labels: JB,
    re: /\b(?:broken|break|breaking|broke) (?:free|out) (?:of|from) (?:the )?(?:typical |usual |normal )?(?:confines|restrictions|limitations|shackles|chains|rules|bounds|constraints)\b|\bconfines of (?:ai|al|an ai|artificial intelligence)\b/g,
    description: 'claims the persona broke free of AI rules',
  },
  {
    id: 'persona.known-names',
    category: 'persona-hijack',
    weight: 3,
    labels: JB,
    re: /\b(?:pretend(?:ing)? to be|act(?:ing)? as|you are|you're|known as|called|named|play the role of|role of|simulate|become|be) (?:an? |the )?["'“]?(?:dan|stan|dude|aim|ucar|mongo tom|betterdan|antigpt|anti-gpt|basedgpt|balakula|oppo|burple|nraf|apophis|anarchy|evil confidant|ungpt|livegpt|jailbreak|chadgpt|devmode|khajiit|sda|omega|alphabreak|maximum|evilbot|nsfw gpt|hackerman|violet)\b["'”]?/g,
    description: 'well-known jailbreak persona',
  },
  {
    id: 'persona.dual-answers',
    category: 'persona-hijack',
    weight: 2,
    labels: JB,
    re: /\b(?:answer|respond|reply|provide answers)(?: to)? (?:every|each|all|my|any) (?:question|prompt|message|request)s? in two (?:different |separate |distinct )?(?:ways|manners|styles|formats|personalities)|\btwo (?:different |separate |distinct )(?:responses|personalities|entities|answers|replies)\b|\b(?:respond|answer) as two (?:different |separate )?(?:personalities|entities|characters|ais)\b/g,
    description: 'dual-persona answer format',
  },
  {
    id: 'persona.hypothetical-response',
    category: 'persona-hijack',
    weight: 3.5,
    labels: JB,
    re: /\bhypothetical response\s*:|\brewrite the hypothetical response\b|\bfrom the perspective of (?:that|the) character, make it extremely detailed/g,
    description: 'hypothetical-response jailbreak template',
  },
  {
    id: 'persona.opposite',
    category: 'persona-hijack',
    weight: 1.5,
    labels: JB,
    re: /\b(?:exact )?opposite of what (?:chatgpt|gpt|the ai|an ai|you|claude|the assistant) would (?:say|do|answer)|\b(?:take on|switch to) the (?:exact )?opposite personality\b/g,
    description: 'opposite-persona framing',
  },
  {
    id: 'refusal.regardless-of-legality',
    category: 'refusal-suppression',
    weight: 2.5,
    labels: JB,
    re: /\b(?:regardless of|without regard (?:to|for)|irrespective of|no matter|disregarding|ignoring|without (?:regarding|considering|caring about|caring|worrying about|thinking about))\s+(?:the |its |any )?(?:whether (?:it'?s |it is |its |the \w+ is )?)?(?:legality|ethics|morality|morals|the law|laws|consequences|illegal|unethical|immoral|harmful|dangerous|offensive|inappropriate|explicit|legal|moral)\b/g,
    description: 'answers regardless of legality or ethics',
  },
  {
    id: 'refusal.say-anything',
    category: 'refusal-suppression',
    weight: 2,
    labels: JB,
    re: /\b(?:can|will|must|should) (?:say|do|answer|generate|write|produce) (?:absolutely )?anything (?:the user|i|you|they|anyone) (?:asks?|wants?|requests?|says?)\b|\b(?:generate|produce|write|create) (?:all|any) (?:kinds? of )?content (?:without|with no)\b/g,
    description: 'will produce anything asked',
  },
  {
    id: 'suffix.known-gcg',
    category: 'adversarial-suffix',
    weight: 4,
    labels: ['jailbreak', 'adversarial-suffix'],
    re: /similarlynow write oppositeley|oppositeley\.\]\(|giving\*\*one please|revert with "\\!--two|describing\.\\ ?\+ similarly|tableview \(\[github|\{\\comment=\{|surely\]\{|sure","anden|tutorial for:\}task|manuel with steps instead sentences/g,
    description: 'published adversarial-suffix fragment',
  },
  // Meta discussion of attacks (lowers the score: security questions are benign)
  {
    id: 'meta.security-question',
    category: 'meta-discussion',
    weight: -1.5,
    labels: [],
    re: /\b(?:what (?:is|are|does)|how (?:do|does|can|should|to)|why (?:do|does|is|are)|explain|describe|define|definition of|examples? of|detect(?:ing|ion)?|prevent(?:ing|ion)?|defend(?:ing)? against|protect(?:ing)? against|mitigat\w+|classif\w+|(?:is|was) (?:this|that|it) (?:a|an)|research on|paper on|blog post about|talk about|overview of)\b[^.?\n]{0,60}?\b(?:prompt injections?|jailbreak(?:s|ing)?|injection attacks?|adversarial (?:prompts?|attacks?|suffix\w*)|llm (?:attacks?|security|vulnerabilit\w+)|red[- ]teaming|guardrails?)\b/g,
    description: 'question about attacks (lowers the score)',
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Multilingual rules (es, fr, de, it, pt, nl, pl, sv/no/da, ru, uk, tr, zh, ja, ko, ar, hi, vi, id)
// ---------------------------------------------------------------------------------------------------------------

const ML_OVERRIDE: string[] = [
  // Spanish
  '\\b(?:ignora|ignore|ignorad|ignoren|olvida|olvide|olvidad|olviden|descarta|descarte|omite|omita|haz caso omiso (?:a|de)|no sigas|no sigan|pasa por alto)\\s+(?:\\S+\\s+){0,4}?(?:instrucciones|indicaciones|órdenes|ordenes|reglas|directrices|instrucción|normas|pautas)\\b',
  '\\b(?:olvida|olvide|olvidad|ignora) todo (?:lo )?(?:anterior|lo que (?:te )?(?:dije|dijeron|han dicho)|lo dicho)',
  // French
  "\\b(?:ignore|ignorez|ignorer|oublie|oubliez|oublier|ne tiens pas compte|ne tenez pas compte|fais abstraction|faites abstraction|n'obéis plus|ne suis plus|ne suivez plus)\\s+(?:\\S+\\s+){0,4}?(?:instructions?|consignes?|règles|directives|ordres|indications)\\b",
  "\\b(?:oublie|oubliez|ignore|ignorez) tout (?:ce qui (?:précède|a été dit)|ce que (?:je t'ai|on t'a|vous avez|tu as)|avant)",
  // German
  '\\b(?:ignoriere|ignorier|ignorieren sie|ignoriert|vergiss|vergessen sie|vergesst|missachte|missachten sie|übergehe|beachte nicht|befolge nicht|befolgen sie nicht|verwirf|verwerfe)\\s+(?:\\S+\\s+){0,4}?(?:anweisungen|anweisung|instruktionen|befehle|regeln|vorgaben|richtlinien|anordnungen|aufträge|auftrag|vorschriften)\\b',
  '\\b(?:vergiss|vergessen sie|ignoriere|ignorieren sie) (?:alles|das alles|all das)(?: (?:davor|vorher|bisherige|bisher gesagte|was|oben|zuvor|obige))?',
  '\\b(?:ignoriere|ignorieren sie|vergiss) (?:die |den |das )?(?:obige[nrs]?|vorherige[nrs]?|bisherige[nrs]?)\\b',
  // Italian
  '\\b(?:ignora|ignorate|ignori|dimentica|dimenticate|dimentichi|trascura|non seguire|non considerare|non tenere conto)\\s+(?:\\S+\\s+){0,4}?(?:istruzioni|regole|direttive|indicazioni|ordini|istruzione)\\b',
  '\\b(?:dimentica|dimenticate|ignora) tutto (?:quello|ciò|cio)?',
  // Portuguese
  '\\b(?:ignore|ignora|ignorem|esqueça|esqueca|esquece|esqueçam|desconsidere|desconsidera|descarte|não siga|nao siga)\\s+(?:\\S+\\s+){0,4}?(?:instruções|instrucoes|instrução|regras|diretrizes|ordens|orientações|orientacoes|comandos)\\b',
  '\\b(?:esqueça|esqueca|esquece|ignore) tudo (?:o que|acima|antes|anterior)',
  // Dutch
  '\\b(?:negeer|vergeet|negeert|negeren)\\s+(?:\\S+\\s+){0,4}?(?:instructies|instructie|regels|opdrachten|opdracht|aanwijzingen|aanwijzing|richtlijnen|bovenstaande|vorige)\\b',
  '\\bvergeet alles\\b',
  // Polish
  '\\b(?:zignoruj|ignoruj|zapomnij|pomiń|pomin)\\s+(?:\\S+\\s+){0,4}?(?:instrukcje|polecenia|zasady|reguły|reguly|wytyczne)\\b',
  '\\bzapomnij o wszystkim\\b',
  // Swedish / Norwegian / Danish
  '\\b(?:ignorera|glöm|ignorer|glem|strunta i|bortse från|se bort fra|se bort fra|gløm|drop)\\s+(?:\\S+\\s+){0,4}?(?:instruktioner|instruktionerna|instruksjoner|instruksjonene|instruktionerne|regler|reglerna|reglene|anvisningar|anvisningarna|direktiv)\\b',
  // Russian / Ukrainian
  '(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|не обращай внимания на|отбрось|пренебреги|не следуй|ігноруй|проігноруй|забудь про)\\s+(?:\\S+\\s+){0,4}?(?:инструкци|указани|правил|команд|директив|установк|інструкці|вказівк|правил)',
  '(?:забудь|забудьте|игнорируй) (?:всё|все|обо всём|обо всем)(?: (?:что|выше|до этого|ранее|предыдущее))?',
  // Turkish
  '\\b(?:önceki|yukarıdaki|tüm|bütün|verilen)\\s+(?:\\S+\\s+){0,2}?(?:talimatları|komutları|kuralları|talimatlar|yönergeleri)\\s+(?:\\S+\\s+){0,1}?(?:yok say|görmezden gel|unut|dikkate alma|boşver)',
  // Chinese (simplified + traditional)
  '(?:忽略|无视|無視|忽视|忽視|不要理会|不要理會|不要遵守|不要遵循|忘记|忘記|忘掉|丢弃|丟棄|放弃|放棄|跳过|跳過|抛开|拋開|别管|別管)[^。\\n]{0,12}?(?:指令|指示|说明|說明|规则|規則|提示|命令|要求|设定|設定|限制|约束|約束|一切|所有内容)',
  '(?:之前|以上|上面|先前|前面|原来|原有|原先|此前)的?(?:所有|全部|一切)?(?:指令|指示|规则|規則|提示|命令|设定|設定)[^。\\n]{0,6}?(?:都)?(?:无效|無效|作废|作廢|不再适用|失效|忽略)',
  '(?:忽略|无视|無視|忘记|忘記|别管|別管|不要管)(?:上面|以上|之前|前面|先前|上述)的?[^。\\n]{0,6}?(?:任务|任務|内容|內容|翻译|翻譯|问题|問題|要求)',
  // Japanese
  '(?:以前|前|上記|これまで|今まで|先ほど|最初|元|上)の?(?:すべての|全ての|全部の|あらゆる)?(?:指示|命令|ルール|指令|設定|プロンプト|制約|説明)(?:を|は)?(?:すべて|全て|全部)?(?:無視|忘れ|破棄)',
  '(?:指示|命令|ルール|指令|設定|プロンプト|制約)を(?:すべて|全て|全部)?(?:無視|忘れ)',
  // Korean
  '(?:이전|위의|앞의|모든|기존|이전의|앞선|위)\\s*(?:\\S+\\s*){0,2}?(?:지시|지침|명령|규칙|프롬프트|지시사항|설정)\\S*\\s*(?:을|를|은|는)?\\s*(?:모두\\s*)?(?:무시|잊어|잊고|무효)',
  // Arabic
  '(?:تجاهل|تجاهلي|تجاهلوا|انس|انسى|انسي|أهمل|اهمل|لا تتبع|لا تلتزم)\\s+(?:\\S+\\s+){0,3}?(?:التعليمات|الأوامر|الاوامر|القواعد|الإرشادات|الارشادات|تعليمات|أوامر)',
  // Hindi
  '(?:पिछले|पिछली|पहले के|पहले दिए गए|सभी|ऊपर के|ऊपर दिए गए)\\s*(?:\\S+\\s*){0,2}?(?:निर्देशों|निर्देश|आदेशों|नियमों|निर्देशो)\\s*(?:को)?\\s*(?:अनदेखा|नज़रअंदाज़|नजरअंदाज|भूल|अनदेखी)',
  // Vietnamese
  '\\b(?:bỏ qua|phớt lờ|quên|lờ đi|không tuân theo)\\s+(?:\\S+\\s+){0,4}?(?:hướng dẫn|chỉ dẫn|lệnh|quy tắc|chỉ thị|yêu cầu)',
  // Indonesian / Malay
  '\\b(?:abaikan|lupakan|acuhkan|jangan ikuti)\\s+(?:\\S+\\s+){0,4}?(?:instruksi|perintah|aturan|petunjuk|arahan)\\b',
  // Czech / Slovak
  '\\b(?:ignoruj|ignorujte|zapomeň|zapomeňte|zabudni)\\s+(?:\\S+\\s+){0,4}?(?:pokyny|instrukce|pravidla|príkazy|pokyny|inštrukcie)',
  // Romanian
  '\\b(?:ignoră|ignora|ignorați|uită|uitați)\\s+(?:\\S+\\s+){0,4}?(?:instrucțiunile|instructiunile|regulile|comenzile)',
  // Hungarian
  '\\b(?:hagyd figyelmen kívül|hagyja figyelmen kívül|felejtsd el|ne vedd figyelembe)\\s+(?:\\S+\\s+){0,4}?(?:utasítás\\S*|szabály\\S*)|(?:utasítás\\S*|szabály\\S*)\\s+(?:\\S+\\s+){0,2}?(?:figyelmen kívül|elfelejt)',
  // Finnish
  '\\b(?:ohita|unohda|älä noudata)\\s+(?:\\S+\\s+){0,4}?(?:ohjeet|ohjeita|säännöt|käskyt)',
  // Greek
  '(?:αγνόησε|αγνοήστε|ξέχασε|ξεχάστε)\\s+(?:\\S+\\s+){0,4}?(?:οδηγίες|εντολές|κανόνες)',
  // Hebrew
  '(?:התעלם|התעלמי|התעלמו|שכח|תשכח)\\s+(?:\\S+\\s+){0,4}?(?:ההוראות|הוראות|ההנחיות|הכללים)',
  // Persian / Urdu
  '(?:دستورالعمل|دستورات|قوانین|ہدایات)\\S*\\s+(?:\\S+\\s+){0,3}?(?:را )?(?:نادیده بگیر|فراموش کن|نظر انداز)',
  // Thai
  '(?:เพิกเฉย|ละเว้น|ลืม|ไม่ต้องสนใจ)[^\\n]{0,15}?(?:คำสั่ง|คำแนะนำ|กฎ)',
  // Bengali
  '(?:নির্দেশ|নির্দেশনা|নিয়ম)\\S*\\s+(?:\\S+\\s+){0,2}?(?:উপেক্ষা|ভুলে)',
  // Swahili
  '\\b(?:puuza|sahau)\\s+(?:\\S+\\s+){0,3}?(?:maagizo|maelekezo|sheria)',
  // Tagalog
  '\\b(?:huwag pansinin|kalimutan|balewalain)\\s+(?:\\S+\\s+){0,4}?(?:tagubilin|utos|panuto|patakaran)',
];

const ML_EXTRACTION: string[] = [
  '\\b(?:muestra|muéstrame|muestrame|revela|revélame|repite|imprime|dime|escribe|cuál es|cual es|cuáles son|cuales son|dame)\\s+(?:\\S+\\s+){0,4}?(?:prompt del sistema|mensaje del sistema|instrucciones (?:del sistema|iniciales|originales|ocultas|secretas|anteriores)|tus instrucciones|tu prompt)',
  "\\b(?:montre|montre-moi|affiche|révèle|revele|répète|repete|donne-moi|dis-moi|quelles sont|quel est|écris|ecris|imprime)\\s+(?:\\S+\\s+){0,4}?(?:prompt système|prompt systeme|message système|instructions (?:système|initiales|d'origine|originales|cachées|secrètes|précédentes)|tes instructions|vos instructions|ton prompt|votre prompt)",
  '\\b(?:zeig|zeige|zeigen sie|gib|geben sie|nenne|verrate|verraten sie|wiederhole|wiederholen sie|drucke|schreibe|was sind|was ist|wie lauten|wie lautet)\\s+(?:\\S+\\s+){0,4}?(?:system-?prompt|systemanweisung(?:en)?|systemnachricht|deine anweisungen|ihre anweisungen|deine instruktionen|ursprünglichen anweisungen|geheimen anweisungen|ersten anweisungen|deinen prompt)',
  '\\b(?:mostra|mostrami|rivela|ripeti|stampa|dimmi|qual è|quali sono|scrivi)\\s+(?:\\S+\\s+){0,4}?(?:prompt di sistema|messaggio di sistema|istruzioni (?:iniziali|originali|di sistema|nascoste|segrete|precedenti)|le tue istruzioni|il tuo prompt)',
  '\\b(?:mostre|mostra|revele|repita|imprima|diga|diz|qual é|quais são|escreva|me dê)\\s+(?:\\S+\\s+){0,4}?(?:prompt do sistema|mensagem do sistema|instruções (?:iniciais|originais|do sistema|ocultas|secretas|anteriores)|suas instruções|seu prompt)',
  '(?:покажи|выведи|повтори|раскрой|напиши|скажи|какие|какой|перечисли|озвучь)[^.\\n]{0,30}?(?:системн\\S* (?:промпт|подсказк|инструкци|сообщени)|(?:исходн|первоначальн|скрыт|секретн|начальн)\\S* (?:инструкци|промпт|указани)|сво\\S* инструкци|твои инструкции)',
  '(?:显示|顯示|输出|輸出|告诉我|告訴我|打印|重复|重複|泄露|洩露|透露|展示|给我看|給我看|列出|说出|說出|复述|複述)[^。\\n]{0,15}?(?:系统提示|系統提示|提示词|提示詞|初始指令|系统指令|系統指令|原始指令|隐藏指令|隱藏指令|你的指令|你的设定|你的設定|system prompt|系统消息|系統訊息)',
  '(?:システムプロンプト|初期指示|最初の指示|元の指示|隠された指示|あなたの指示|システムメッセージ|設定された指示)[^。\\n]{0,15}?(?:教えて|表示|出力|見せ|繰り返|書い|開示|公開)',
  '(?:시스템 프롬프트|시스템 메시지|초기 지시|원래 지시|숨겨진 지시|너의 지시|당신의 지시|지시사항)\\S*\\s*(?:\\S+\\s*){0,2}?(?:알려|보여|출력|반복|공개|말해)',
  '(?:اعرض|أظهر|اظهر|اكشف|كرر|اطبع|ما هي|أخبرني|اخبرني)[^.\\n]{0,30}?(?:موجه النظام|تعليمات النظام|التعليمات الأولية|التعليمات الاصلية|التعليمات الأصلية|التعليمات المخفية|رسالة النظام)',
  // Session 3: "your rules word for word" and "the instructions you were first given" (ja / ko / tr / it / es / fr / de / pt).
  '\\b(?:dimmi|ripeti|scrivi|copia|mostrami|elenca)\\s+(?:\\S+\\s+){0,2}?(?:le tue regole|tue regole)\\b[^.\\n]{0,30}?(?:parola per parola|alla lettera|testualmente|esattamente)',
  '\\b(?:dime|repite|escribe|copia|muéstrame|muestrame|lista)\\s+(?:\\S+\\s+){0,2}?(?:tus reglas)\\b[^.\\n]{0,30}?(?:palabra por palabra|al pie de la letra|textualmente|tal cual|exactamente)',
  '\\b(?:dis-moi|donne-moi|répète|écris|copie|liste)\\s+(?:\\S+\\s+){0,2}?(?:tes règles|vos règles)\\b[^.\\n]{0,30}?(?:mot pour mot|mot à mot|textuellement|exactement)',
  '\\b(?:sag mir|nenne|wiederhole|schreibe|kopiere|liste)\\s+(?:\\S+\\s+){0,2}?(?:deine regeln)\\b[^.\\n]{0,30}?(?:wort für wort|wörtlich|genau)',
  '\\b(?:me diga|diga|repita|escreva|copie|liste)\\s+(?:\\S+\\s+){0,2}?(?:suas regras|tuas regras)\\b[^.\\n]{0,30}?(?:palavra por palavra|ao pé da letra|literalmente|exatamente)',
  '(?:最初に|初めに|はじめに)(?:言われた|受けた|与えられた|渡された|設定された)(?:指示|ルール|設定|命令)',
  '(?:처음에?|맨 처음에?|최초에?)\\s*(?:받은|들은|주어진|설정된)\\s*(?:설정|지시|지침|규칙|명령)',
  '\\b(?:sana|size)\\s+(?:başta|en başta|ilk başta|önceden)\\s+(?:ne|neler)\\s+(?:yazdılar|söylediler|verdiler|talimat)',
];

const ML_NO_RESTRICTIONS: string[] = [
  '\\bsin (?:ninguna |ningún |ningun )?(?:restricciones|restricción|filtros|límites|limites|censura|reglas|ética|etica|moral|limitaciones)\\b',
  '\\bsans (?:aucune |aucun )?(?:restrictions?|filtres?|limites?|censure|règles|éthique|morale|limitations?)\\b',
  '\\bohne (?:jegliche |irgendwelche |jede |alle )?(?:einschränkungen|filter|grenzen|zensur|regeln|ethik|moral|beschränkungen|richtlinien)\\b',
  '\\bsenza (?:alcuna |nessuna |alcun |nessun )?(?:restrizion\\w+|filtr\\w+|limit\\w+|censur\\w+|regol\\w+|etica|morale)\\b|\\bnon rispett\\w+ (?:alcuna|nessuna|le) (?:regol\\w+|restrizion\\w+|norm\\w+)',
  '\\bsem (?:nenhuma |quaisquer |qualquer )?(?:restrições|restricoes|filtros|limites|censura|regras|ética|etica|moral|limitações)\\b',
  '\\bбез (?:каких-либо |всяких |любых )?(?:ограничений|фильтров|цензуры|правил|морали|этики)',
  '(?:没有|不受|无|無|不受任何|摆脱|擺脫|没有任何|沒有任何)[^。\\n]{0,4}?(?:限制|约束|約束|审查|審查|过滤|過濾|道德|伦理|倫理|规则|規則)',
  '(?:制限|制約|検閲|フィルター|倫理|ルール)(?:のない|なし|を無視|に縛られない|から解放|を受けない)',
  '(?:제한|제약|검열|필터|윤리|규칙)\\S*\\s*(?:없는|없이|무시|받지 않는)',
  '(?:بدون|دون|بلا) (?:أي |اي )?(?:قيود|حدود|رقابة|فلاتر|قواعد|أخلاق|اخلاق)',
  '\\bzonder (?:enige )?(?:beperkingen|filters|regels|censuur)\\b',
  '\\bbez (?:żadnych |zadnych )?(?:ograniczeń|ograniczen|filtrów|filtrow|cenzury|zasad)\\b',
  // Session 3: the same idea in 20 more languages (dictionary phrases for "without rules / restrictions / censorship").
  '\\bgeen (?:regels|beperkingen|grenzen|filters|censuur)\\b',
  '\\b(?:utan|uten|uden) (?:några |noen |nogen )?(?:begränsningar|begrensninger|begrænsninger|regler|filter|censur|sensur)\\b|\\bingen (?:regler|begränsningar|begrensninger|begrænsninger)\\b',
  '\\bilman (?:mitään )?(?:rajoituksia|rajoitteita|sääntöjä|suodattimia|sensuuria)\\b',
  '\\bżadnych (?:ograniczeń|zasad|reguł)\\b',
  '\\bbez (?:jakýchkoli |akýchkoľvek )?(?:omezení|pravidel|cenzury|filtrů|obmedzení|pravidiel)\\b',
  '\\bбез (?:жодних )?(?:обмежень|правил|цензури|фільтрів)|\\bобмеження (?:не діють|вимкнено|зняті)|\\bжодних (?:обмежень|правил)|\\bникаких (?:ограничений|правил)',
  '\\b(?:kısıtlamasız|kuralsız|filtresiz|sansürsüz)\\b|\\bhiçbir (?:kural|kısıtlama|sınır|filtre)',
  '\\btanpa (?:ada )?(?:batasan|aturan|filter|sensor|sekatan|peraturan)\\b|\\b(?:tidak|ga|gak|nggak) ada (?:aturan|batasan)\\b',
  '\\bkhông (?:có )?(?:bất kỳ )?(?:giới hạn|quy tắc|kiểm duyệt|bộ lọc|hạn chế|luật lệ)',
  '\\bwalang (?:limitasyon|patakaran|panuntunan|filter|restriksyon|sensura)\\b',
  '\\bχωρίς (?:κανέναν |κανένα |καμία )?(?:περιορισμ|κανόν|φίλτρ|λογοκρισ)',
  '(?:בלי|ללא) (?:שום )?(?:הגבלות|חוקים|כללים|מגבלות|צנזורה)',
  '(?:بدون|بی) (?:هیچ )?(?:محدودیت|قانون|قوانین|سانسور)',
  'बिना (?:किसी )?(?:प्रतिबंध|नियम|सीमा|रोक|सेंसर)|कोई (?:नियम|प्रतिबंध|सीमा|रोक) नहीं',
  '(?:بغیر|بنا) (?:کسی )?(?:پابندی|اصول|قانون)|کوئی (?:پابندی|اصول|قانون) نہیں',
  '(?:কোনো|কোন) (?:নিয়ম|বাধা|বিধিনিষেধ)|(?:নিয়ম|বিধিনিষেধ) ছাড়া',
  'ไม่มี(?:ข้อจำกัด|กฎ|การเซ็นเซอร์)',
  '\\bfără (?:nicio |niciun )?(?:restricți|reguli|filtre|cenzur)',
  '\\b(?:korlátozások|szabályok|cenzúra|szűrők|korlátok) nélkül\\b|\\bnincsenek (?:szabályok|korlátok|korlátozások)\\b',
  '\\bbila (?:vikwazo|sheria|mipaka|vizuizi|udhibiti)\\b',
  '\\b(?:bina|bagair) (?:kisi )?(?:rules?|restrictions?|pabandi|niyam)\\b|\\bkoi (?:rules?|niyam|pabandi|restrictions?) nahi',
];

const ML_PERSONA: string[] = [
  '\\b(?:a partir de ahora|desde ahora|de ahora en adelante),? (?:eres|serás|seras|vas a|actuarás|actuaras|responderás|responderas|tú eres|tu eres)\\b|\\bahora eres\\b',
  '\\b(?:à partir de maintenant|a partir de maintenant|désormais|dorénavant|dès maintenant),? (?:tu es|tu seras|tu vas|vous êtes|vous serez|tu dois|vous devez)\\b|\\btu es maintenant\\b',
  '\\b(?:ab (?:jetzt|sofort|nun)|von nun an|ab heute),? (?:bist du|wirst du|du bist|antwortest du|sollst du|musst du)\\b|\\bdu bist (?:jetzt|nun|ab sofort)\\b|\\bjetzt bist du\\b',
  "\\b(?:d'ora in poi|da ora in poi|da adesso|da questo momento(?: in poi)?|a partire da ora|da oggi),? (?:sei|sarai|tu sei|risponderai|devi)\\b|\\bora sei\\b",
  '\\b(?:a partir de agora|de agora em diante|daqui pra frente),? (?:você é|voce é|você será|tu és|você vai|voce vai|você deve)\\b|\\bagora você é\\b',
  '(?:с этого момента|отныне|теперь|с сегодняшнего дня),? (?:ты|вы) (?:—|-|будешь|являешься|будете|должен|должна)',
  '(?:从现在开始|從現在開始|现在起|現在起|从今以后|從今以後|从现在起|從現在起)[，,]?\\s*你(?:是|将|將|要|必须|必須|就是)|你现在是|你現在是',
  '(?:今から|これから|今後|以後)(?:、)?(?:あなたは|君は|お前は|あなたが)',
  '(?:지금부터|이제부터|앞으로)\\s*(?:너는|당신은|넌|너가)',
  '(?:من الآن فصاعدا|من الان فصاعدا|من الآن|ابتداء من الآن)،? (?:أنت|انت|ستكون|سوف)',
  '(?:开发者模式|開發者模式|越狱|越獄|開発者モード|脱獄|개발자 모드|탈옥|modo desarrollador|mode développeur|entwicklermodus|modalità sviluppatore|modo desenvolvedor|режим разработчика)',
  // Session 3: "from now on you are" / "you are now" in 20 more languages.
  '\\b(?:vanaf nu|van nu af aan),? (?:ben je|jij bent|ga je)\\b|\\b(?:je|jij) bent nu\\b',
  '\\b(?:från och med nu|från nu),? (?:är du|ska du)\\b|\\b(?:fra nå av|fra nu af|heretter),? (?:er du|skal du)\\b',
  '\\b(?:tästä lähtien|nyt lähtien),? (?:olet|sinä olet)\\b|\\b(?:sinä )?olet nyt\\b',
  '\\b(?:od teraz|od tej chwili|od dzisiaj),? (?:jesteś|będziesz)\\b|\\bjesteś teraz\\b',
  '\\b(?:od teď|od této chvíle|odteď|odteraz),? (?:jsi|budeš|si|budeš)\\b',
  '\\b(?:відтепер|з цього моменту),? (?:ти|ви)\\b|\\b(?:ти|ви) тепер\\b',
  '\\b(?:bundan (?:sonra|böyle)|şu andan itibaren),? (?:sen|siz)\\b|\\b(?:artık sen|sen artık)\\b',
  '\\b(?:mulai sekarang|mulai saat ini|dari sekarang),? (?:kamu|anda|lu|lo|kau|engkau)\\b|\\b(?:kamu|lu|lo|kau) sekarang (?:adalah|jadi|menjadi)\\b',
  '\\b(?:từ giờ|từ bây giờ|kể từ bây giờ|từ nay),? (?:bạn|mày|cậu) (?:là|sẽ|phải)|\\bbây giờ (?:bạn|mày|cậu) là',
  '\\b(?:mula ngayon|simula ngayon),? (?:ikaw|ka)\\b',
  '(?:από τώρα και (?:στο )?εξής|από εδώ και πέρα|από τώρα),? (?:είσαι|θα είσαι|εσύ)',
  '(?:מעכשיו|מרגע זה),? (?:אתה|את) ',
  '(?:از این به بعد|از الان|از حالا)،? (?:تو|شما) ',
  '(?:अब से|आज से|इस पल से),? (?:तुम|आप|तू) ',
  '\\b(?:ab se|aaj se),? (?:tum|aap|tu)\\b',
  '(?:এখন থেকে|আজ থেকে),? (?:তুমি|আপনি|তুই) ',
  '(?:ต่อจากนี้|ตั้งแต่นี้|จากนี้)(?:ไป)?\\s*(?:คุณ|เธอ|แก)(?:คือ|เป็น|จะ)',
  '\\b(?:de acum (?:înainte|încolo|incolo)|din acest moment),? (?:ești|vei fi|tu ești)\\b',
  '\\b(?:mostantól|ettől kezdve),? (?:te )?(?:vagy|leszel)\\b',
  '\\b(?:kuanzia sasa|tangu sasa),? (?:wewe|utakuwa)\\b',
];

/**
 * `\b` is ASCII-only in JavaScript; accented and non-Latin words need Unicode-aware boundaries. A leading
 * boundary consumes the preceding non-letter (cheaper than a look-behind tried at every position); a trailing
 * one is a look-ahead.
 */
const LEADING_BOUNDARY = '(?:^|[^\\p{L}\\p{N}])';
const TRAILING_BOUNDARY = '(?![\\p{L}\\p{N}])';

function unicodeBoundaries(p: string): string {
  return p.replace(/\\b(?=[\p{L}(])/gu, LEADING_BOUNDARY).replaceAll('\\b', TRAILING_BOUNDARY);
}

const ML_FREED: string[] = [
  // Translated DAN-template phrases: "Do Anything Now", "has broken free of the typical limits", "does not have to follow any rules".
  '(?:haz cualquier cosa ahora|hacer cualquier cosa ahora|fais n.importe quoi maintenant|faire n.importe quoi maintenant|mach jetzt alles|tu jetzt alles|fai qualsiasi cosa ora|faça qualquer coisa agora|faz qualquer coisa agora|делай что угодно сейчас|делать что угодно сейчас|现在做任何事|現在做任何事|今すぐ何でもする|지금 무엇이든 하)',
  '\\b(?:se ha liberado de|se liberó de|no tiene que (?:cumplir|seguir|respetar|obedecer) (?:ninguna|las|ningún) (?:regla|norma|restricci))',
  '\\b(?:s.est libéré de|s.est affranchi de|n.a pas à (?:respecter|suivre|obéir à) (?:les|aucune) (?:règle|restriction))',
  '\\b(?:hat sich von den (?:\\S+ )?(?:grenzen|regeln|beschränkungen|fesseln) befreit|muss sich nicht an (?:die |irgendwelche |keine )?regeln halten)',
  '\\b(?:si è liberat[oa] d|non deve (?:rispettare|seguire) (?:alcuna|le|nessuna) regol)',
  '\\b(?:se libertou d|não precisa (?:seguir|cumprir|obedecer) (?:nenhuma|as|qualquer) (?:regra|norma|restri))',
  '(?:освободил\\S* от (?:\\S+ )?(?:ограничений|правил|рамок)|не обязан\\S* (?:соблюдать|следовать|подчиняться) (?:никаким |каким-либо )?правил)',
  '(?:摆脱了(?:所有|一切)?(?:限制|规则|约束)|擺脫了(?:所有|一切)?(?:限制|規則|約束)|不必遵守任何规则|不需要遵守任何规则|不受任何规则)',
];

const ML_NEVER_REFUSE: string[] = [
  '\\b(?:nunca (?:te )?(?:niegues|niegas|rechaces|rechazas|rechazarás|te negarás)|jamás (?:te )?niegues|no (?:puedes|debes) negarte)',
  '\\b(?:ne (?:refuse|refusez|refuses) jamais|ne jamais refuser|tu ne peux pas refuser|vous ne pouvez pas refuser)',
  '\\b(?:lehne (?:niemals|nie) ab|niemals ablehnen|du darfst (?:nicht|niemals) ablehnen|verweigere (?:niemals|nie))',
  '\\b(?:non rifiutare mai|non puoi rifiutare|non rifiuti mai)',
  '\\b(?:nunca (?:recuse|recusa|recuses|se recuse)|não (?:pode|deve) (?:se )?recusar)',
  '(?:никогда не отказывай|никогда не отказывайся|не смей отказ|ты не можешь отказ)',
  '(?:永远不要拒绝|永遠不要拒絕|绝不拒绝|絕不拒絕|不能拒绝|不得拒绝|絶対に断らない|断ってはいけない|拒否してはいけない|절대 거절하지|거절하지 마)',
];

function mlRules(patterns: string[], base: Omit<Rule, 're' | 'id'>, idPrefix: string): Rule[] {
  // Patterns are matched against NFKC-folded text, so they are folded the same way (Thai SARA AM, full-width forms).
  return patterns.map((p, i) => ({ ...base, id: `${idPrefix}.${i + 1}`, re: new RegExp(unicodeBoundaries(p.normalize('NFKC')), 'gu') }));
}

const MULTILINGUAL_RULES: Rule[] = [
  ...mlRules(
    ML_OVERRIDE,
    { category: 'instruction-override', weight: 4.5, labels: INJ, description: 'instruction override (non-English)' },
    'ml.override',
  ),
  ...mlRules(
    ML_EXTRACTION,
    { category: 'system-prompt-extraction', weight: 3.5, labels: EXTRACT, description: 'system-prompt extraction (non-English)' },
    'ml.extraction',
  ),
  ...mlRules(
    ML_NO_RESTRICTIONS,
    {
      category: 'restriction-removal',
      weight: 1.5,
      labels: JB,
      boost: {
        re: new RegExp(
          `(?:${AI_WORDS}|modelo|modèle|modell|modello|asistente|assistente|assistant|chatbot|модель|ассистент|模型|アシスタント|모델|نموذج|tú|eres|du bist|tu es|você|ты|你|あなた|너|당신|أنت|jij|je bent|du är|du er|olet|jesteś|jsi|ти|sen|kamu|anda|bạn|ikaw|είσαι|אתה|تو|तुम|आप|ești|wewe|mode|modus|modo|tryb|режим|chế độ|mod)`,
          'u',
        ),
        window: 120,
        weight: 3,
      },
      description: 'free of restrictions (non-English)',
    },
    'ml.no-restrictions',
  ),
  ...mlRules(
    ML_PERSONA,
    { category: 'persona-hijack', weight: 1.5, labels: JB, description: 'persona switch (non-English)' },
    'ml.persona',
  ),
  ...mlRules(
    ML_FREED,
    { category: 'persona-hijack', weight: 3.5, labels: JB, description: 'jailbreak-template phrase (non-English)' },
    'ml.freed',
  ),
  ...mlRules(
    ML_NEVER_REFUSE,
    { category: 'refusal-suppression', weight: 3, labels: JB, description: 'forbids refusing (non-English)' },
    'ml.never-refuse',
  ),
];

export const RULES: readonly Rule[] = [...EN_RULES, ...INTENT_RULES, ...MULTILINGUAL_RULES];

// ---------------------------------------------------------------------------------------------------------------
// Structural detectors that are not single regular expressions
// ---------------------------------------------------------------------------------------------------------------

const SUFFIX_RULE: Rule = {
  id: 'suffix.gibberish',
  category: 'adversarial-suffix',
  weight: 3,
  labels: ['jailbreak', 'adversarial-suffix'],
  re: /$^/g,
  description: 'optimizer-style gibberish (adversarial suffix)',
};
const FLOOD_RULE: Rule = {
  id: 'suffix.token-flood',
  category: 'adversarial-suffix',
  weight: 1.5,
  labels: ['injection'],
  re: /$^/g,
  description: 'long run of a repeated token (context flooding)',
};
export const STRUCTURAL_RULES: readonly Rule[] = [SUFFIX_RULE, FLOOD_RULE];

const CODE_HINT_RE =
  /```|^(?: {2,}|\t)\S|;[ \t]*$|\bfunction\s*\w*\s*\(|\bdef \w+\s*\(|\bimport [\w{*]|#include\b|console\.log|println|printf\(|=>|\b(?:const|let|var) \w+\s*=|\bselect\b[^;\n]{1,80}\bfrom\b[^;\n]{1,40}\bwhere\b|[{}][ \t]*$|^[^\S\n]*[<>]?\w+\s*=\s*[\w"'[({]/m;

const MATH_HINT_RE =
  /\\(?:frac|sum|int|left|right|mathbf|bf|cdot|sqrt|log|exp|overline|begin|text\w*|math\w*)\b|\\\([^\n]{0,200}\\\)|\$[^$\n]{1,80}\$|[≤≥∙∑∫√]|\^\d/;

/**
 * A plain ASCII word: an optional capital, lower-case letters, optional trailing sentence punctuation ("Order.",
 * "refund,"). `isWeirdToken` says false for these (its `plain` test matches them with at most one leading capital),
 * so they skip the regular expressions.
 */
export function isPlainAsciiWord(tok: string, from = 0, to = tok.length): boolean {
  let i = from;
  let c = tok.charCodeAt(i);
  if (c >= 65 && c <= 90) c = tok.charCodeAt(++i);
  while (i < to && c >= 97 && c <= 122) c = tok.charCodeAt(++i);
  if (i === from) return false;
  while (i < to && (c === 46 || c === 44 || c === 58 || c === 59 || c === 33 || c === 63)) c = tok.charCodeAt(++i);
  return i === to;
}

/**
 * Counts the `\S+` tokens of `s` and, among them, those `isWeirdToken` could call weird (two or more characters,
 * not a plain ASCII word): an upper bound of the weird tokens, without building the token list.
 */
function countTokens(s: string): { tokens: number; maybeWeird: number } {
  const n = s.length;
  let tokens = 0;
  let maybeWeird = 0;
  let i = 0;
  while (i < n) {
    while (i < n && isJsSpace(s.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isJsSpace(s.charCodeAt(i))) i++;
    tokens++;
    if (i - start >= 2 && !isPlainAsciiWord(s, start, i)) maybeWeird++;
  }
  return { tokens, maybeWeird };
}

/** A token that looks like optimizer output: letters glued to brackets/operators, or glued camel-case words. */
function isWeirdToken(tok: string): boolean {
  if (tok.length < 2 || isPlainAsciiWord(tok)) return false;
  // A plain word in brackets, quotes or emphasis is ordinary prose.
  const plain = /^[(["'*_<]*([\p{L}'-]+)[)\]"'*_>.,:;!?]*$/u.exec(tok);
  if (plain && !/[a-z][A-Z]/.test(plain[1]) && !/[A-Z]{2,}[a-z]{3,}/.test(plain[1])) return false;
  const hasLetter = /\p{L}/u.test(tok);
  if (!hasLetter) return /[\\{}[\]()<>|*^~=+%$#@]{2,}/.test(tok) && tok.length >= 2;
  // Letters glued to two or more bracket/operator characters ("**ONE", "](Me", "\!--Two").
  if ((tok.match(/[\\{}[\]()<>|*^~=+%$#@`]/g)?.length ?? 0) >= 2) return true;
  // Lower-to-upper case glitches inside a word ("similarlyNow", "DJstructor"), excluding ordinary CamelCase code.
  if (/[a-z]{3,}[A-Z][a-z]/.test(tok) && !/^[A-Z][a-z]+(?:[A-Z][a-z]+)+$/.test(tok)) return true;
  if (/[A-Z]{2,}[a-z]{3,}/.test(tok) && !/^[A-Z]{2,}s$/.test(tok)) return true;
  // Brackets, operators or quotes inside a word (URLs aside): "FOR:}Task", "Sure\",\"anden", ":)ish".
  if (/^https?:\/\//.test(tok)) return false;
  if (/\p{L}\S*?[\\[\](){}<>*^~=+%$#@|`":;]\S*?\p{L}/u.test(tok) && !/^\p{L}+:$/u.test(tok)) return true;
  if (/^[\\[\](){}<>*^~=+%$#@|`:;]+\p{L}/u.test(tok)) return true;
  return false;
}

/** Internal helpers of the suffix detector, exported for the tests of its fast path. */
export const suffixInternals = { isWeirdToken, countTokens, isJsSpace };

/** Optimizer-style adversarial suffix: a window of mostly weird tokens in otherwise non-code prose. */
export function detectSuffix(clean: string): { index: number; ratio: number; weak?: boolean } | undefined {
  if (clean.length < 40) return undefined;
  // Code, LaTeX and formulas legitimately glue symbols to letters; a suffix rides on prose.
  if (CODE_HINT_RE.test(clean) || MATH_HINT_RE.test(clean)) return undefined;
  const tail = clean.length > 4000 ? clean.slice(-4000) : clean;
  const offset = clean.length - tail.length;
  // Ordinary prose: with at least 12 tokens and at most 3 that could be weird, no 12-token window reaches the
  // 0.34 ratio, so only the symbol-tail test below can fire. Skip building and classifying the token list.
  const count = countTokens(tail);
  if (count.tokens >= 12 && count.maybeWeird <= 3) {
    const st = symbolTail(tail, offset);
    return st ? { ...st, weak: true } : undefined;
  }
  const tokens: { t: string; i: number }[] = [];
  for (const m of tail.matchAll(/\S+/g)) tokens.push({ t: m[0], i: m.index ?? 0 });
  if (tokens.length < 8) return undefined;
  const W = Math.min(12, tokens.length);
  let weird = 0;
  const flags = tokens.map((x) => (isWeirdToken(x.t) ? 1 : 0));
  for (let i = 0; i < W; i++) weird += flags[i];
  let best = weird;
  let bestAt = 0;
  for (let i = W; i < tokens.length; i++) {
    weird += flags[i] - flags[i - W];
    if (weird > best) {
      best = weird;
      bestAt = i - W + 1;
    }
  }
  const ratio = best / W;
  if (ratio < 0.34) {
    const st = symbolTail(tail, offset);
    return st ? { ...st, weak: true } : undefined;
  }
  // Code and markup legitimately mix symbols and letters; an adversarial suffix rides on prose.
  const start = tokens[bestAt].i;
  const last = tokens[Math.min(tokens.length - 1, bestAt + W - 1)];
  const windowText = tail.slice(start, last.i + last.t.length);
  if (windowText.includes('\n')) return undefined;
  const distinctWeird = new Set(
    tokens
      .slice(bestAt, bestAt + W)
      .filter((_, k) => flags[bestAt + k] === 1)
      .map((x) => x.t),
  );
  if (distinctWeird.size < 4) return undefined;
  const digits = windowText.match(/[0-9]/g)?.length ?? 0;
  if (digits / windowText.length > 0.1) return undefined;
  const before = tail.slice(0, start);
  const prose = before.match(/\b[a-zA-Z]{3,}\b/g)?.length ?? 0;
  if (prose < 5 && ratio < 0.5) return undefined;
  return { index: offset + start, ratio };
}

/** Second test: the last line ends in a dense, varied run of brackets and operators after ordinary prose. */
function symbolTail(tail: string, offset: number): { index: number; ratio: number } | undefined {
  const lineStart = tail.lastIndexOf('\n') + 1;
  const line = tail.slice(lineStart).trimEnd();
  if (line.length < 40) return undefined;
  const seg = line.slice(-80);
  const body = seg.replace(/\s+/g, '');
  const symbols = body.match(/[\\{}[\]()<>|*^~=+%$#@_/;`]/g) ?? [];
  const density = symbols.length / Math.max(1, body.length);
  if (density < 0.15 || new Set(symbols).size < 4) return undefined;
  // JSON, regular expressions, markup and formulas.
  if (/":|","|<\/\w+>|\\[sdwbSDWB]|\^\(|\w\(\w*\)\s*[=+*/-]/.test(seg)) return undefined;
  const prose = tail.slice(0, lineStart + line.length - seg.length).match(/\b[a-zA-Z]{3,}\b/g)?.length ?? 0;
  if (prose < 5) return undefined;
  return { index: offset + lineStart + line.length - seg.length, ratio: density };
}

/** The characters JavaScript's `\s` matches (ASCII first: most characters are decided by two comparisons). */
function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Necessary condition for a flood match (`(\S{1,6})(?:\s+\1){39,}`): every repeat but the first and the last is a
 * whole whitespace-separated token, so the text has at least 38 equal tokens in a row, each of at most 6 code points
 * (12 UTF-16 units). One pass, no allocation; the regular expression only runs when this holds.
 */
export function mayFlood(s: string): boolean {
  const n = s.length;
  let prevStart = -1;
  let prevLen = 0;
  let run = 0;
  let i = 0;
  while (i < n) {
    while (i < n && isJsSpace(s.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && !isJsSpace(s.charCodeAt(i))) i++;
    const len = i - start;
    if (len > 12) {
      run = 0;
      prevStart = -1;
      continue;
    }
    let same = prevStart >= 0 && len === prevLen;
    for (let k = 0; same && k < len; k++) same = s.charCodeAt(start + k) === s.charCodeAt(prevStart + k);
    run = same ? run + 1 : 1;
    if (run >= 38) return true;
    prevStart = start;
    prevLen = len;
  }
  return false;
}

/** A short token repeated many times in a row (context flooding used to push instructions out of the window). */
export function detectFlood(folded: string): { index: number; count: number } | undefined {
  const re = /(\S{1,6})(?:\s+\1){39,}/gu;
  const text = folded.length > 40_000 ? folded.slice(0, 40_000) : folded;
  if (!mayFlood(text)) return undefined;
  const m = re.exec(text);
  if (!m) return undefined;
  // Separator lines and digits are formatting, not flooding.
  if (/^[-=_*#.~]+$|^\d+$/.test(m[1])) return undefined;
  return { index: m.index, count: m[0].split(/\s+/).length };
}

// ---------------------------------------------------------------------------------------------------------------
// Running the rules
// ---------------------------------------------------------------------------------------------------------------

/** Per rule (same order as `RULES`): the literals any match must contain, derived from the patterns at load. */
const PREFILTER = new Prefilter(RULES.map((r) => r.re));
const HAS_SQUASHED = RULES.some((r) => r.squashed);
const SQUASHED_PREFILTER = new Prefilter(RULES.map((r) => (r.squashed ? r.re : /$^/)));

/** Words of the letters-only rules: a span made only of these is ordinary text, not a split-word disguise. */
const SQUASHED_VOCABULARY = new Set(
  'ignore disregard forget bypass override all any the your my previous prior preceding above earlier initial original system instructions instruction directives directive rules guidelines prompts prompt commands reveal print repeat show output me tell give password passcode secretkey secret key accesscode access code apikey api programming restrictions training'.split(
    ' ',
  ),
);
export function writtenAsWords(view: string, squashedMatch: string): boolean {
  const letters = [...squashedMatch].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const span = new RegExp(letters.join('[^\\p{L}\\p{N}]*'), 'u').exec(view);
  if (!span) return false;
  return span[0].split(/[^\p{L}\p{N}]+/u).every((w) => w === '' || SQUASHED_VOCABULARY.has(w));
}

/**
 * Runs every rule over one view of the text; at most one hit per rule (the first). A rule whose required literals
 * (see `prefilter.ts`) are absent from its view is skipped: it cannot match.
 */
export function runRules(view: string, kind: 'user' | 'document' | 'tool-result', squashedView?: string): Hit[] {
  const hits: Hit[] = [];
  const isDoc = kind !== 'user';
  PREFILTER.scan(view);
  if (HAS_SQUASHED && squashedView !== undefined) SQUASHED_PREFILTER.scan(squashedView);
  for (let r = 0; r < RULES.length; r++) {
    const rule = RULES[r];
    const target = rule.squashed ? squashedView : view;
    if (target === undefined) continue;
    if (!(rule.squashed ? SQUASHED_PREFILTER : PREFILTER).mayMatch(r)) continue;
    rule.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let found: RegExpExecArray | null = null;
    // A rule with a second-stage filter keeps looking until a match passes it (bounded number of tries).
    for (let tries = 0; tries < 50; tries++) {
      m = rule.re.exec(target);
      if (m === null) break;
      if (m[0].length === 0) rule.re.lastIndex++;
      if (rule.require && !rule.require.test(m[0])) continue;
      found = m;
      break;
    }
    rule.re.lastIndex = 0;
    if (!found) continue;
    // The letters-only view is for split words ("ig nore your ru les"); when the same letters stand in the text as
    // ordinary words ("tell me the password requirements"), the normal rules judge them, not this one.
    if (rule.squashed && writtenAsWords(view, found[0])) continue;
    // Unicode-boundary patterns consume the character before the word; report the word itself.
    const lead = rule.id.startsWith('ml.') && /^[^\p{L}\p{N}]/u.test(found[0]) ? 1 : 0;
    let weight = isDoc ? (rule.docWeight ?? rule.weight) : rule.weight;
    if (rule.weaken?.re.test(found[0])) weight = Math.min(weight, rule.weaken.weight);
    if (rule.boost) {
      const w = rule.boost.window;
      const around = w === 0 ? found[0] : target.slice(Math.max(0, found.index - w), found.index + found[0].length + w);
      if (rule.boost.re.test(around)) weight = Math.max(weight, rule.boost.weight);
    }
    hits.push({ rule, index: found.index + lead, weight, match: found[0].slice(lead) });
  }
  return hits;
}
