//! The words attribution turns on, per language: speech verbs, pronouns,
//! titles before names, and capitalised words that are no names.
//! Lower case; an article in a language not listed here uses English's.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Each word list as a set, made once: the lists are looked up for every
/// word around every quotation.
macro_rules! word_set {
    ($name:ident, $list:ident) => {
        fn $name() -> &'static HashSet<&'static str> {
            static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
            SET.get_or_init(|| $list.iter().copied().collect())
        }
    };
}
word_set!(en_verbs, EN_VERBS);
word_set!(de_verbs, DE_VERBS);
word_set!(fr_verbs, FR_VERBS);
word_set!(es_verbs, ES_VERBS);
word_set!(titles, TITLES);
word_set!(not_names, NOT_NAMES);

/// Words that, opening a sentence, name whose view follows (`Pour Marc
/// Delorme, l'expérience « … »`).
pub(crate) fn opening_source_word(lang: &str, word: &str) -> bool {
    match lang {
        "fr" => matches!(word, "pour" | "selon"),
        "es" => matches!(word, "para" | "según"),
        "de" => matches!(word, "für" | "laut"),
        _ => matches!(word, "for"),
    }
}

/// Verbs (and `according to`-like words) that attribute speech.
pub(crate) fn speech_verb(lang: &str, word: &str) -> bool {
    let set = match lang {
        "de" => de_verbs(),
        "fr" => fr_verbs(),
        "es" => es_verbs(),
        _ => en_verbs(),
    };
    // English verbs also stand in other languages' articles (a quote
    // from an English source keeps its `said`), but not the reverse.
    set.contains(word) || (lang != "en" && en_verbs().contains(word) && word.len() > 3)
}

/// Words that, before a name, introduce it as the source (`according to`,
/// `so`, `laut`, `selon`, `según`): no verb follows.
pub(crate) fn source_word(lang: &str, word: &str) -> bool {
    match lang {
        "de" => matches!(word, "so" | "laut" | "zufolge"),
        "fr" => matches!(word, "selon" | "d'après"),
        "es" => matches!(word, "según"),
        _ => false,
    }
}

#[rustfmt::skip]
const EN_VERBS: &[&str] = &[
    "said", "says", "say", "saying", "told", "tells", "telling", "added", "adds", "adding",
    "asked", "asks", "warned", "warns", "warning", "wrote", "writes", "writing", "explained",
    "explains", "insisted", "insists", "insisting", "argued", "argues", "arguing", "declared",
    "announced", "noted", "notes", "replied", "replies", "responded", "recalled", "recalls",
    "admitted", "admits", "acknowledged", "continued", "continues", "concluded", "claimed",
    "claims", "urged", "urges", "emailed", "emails", "tweeted", "posted", "shouted", "remarked",
    "observed", "suggested", "conceded", "complained", "agreed", "pleaded", "testified",
    "answered", "stressed", "cautioned", "predicted", "vowed", "promised", "joked", "sighed",
    "whispered", "repeated", "confirmed", "denied", "maintained", "according", "stated",
    "states", "reiterated", "reiterates", "quipped", "quips", "concedes", "admit", "insist",
    "argue", "warn", "explain", "note", "recall", "write", "tweets",
];

#[rustfmt::skip]
const DE_VERBS: &[&str] = &[
    "sagte", "sagt", "sagten", "sagen", "erklärte", "erklärt", "erklärten", "betonte", "betont",
    "meinte", "meint", "fügte", "kündigte", "warnte", "warnt", "kritisierte", "kritisiert",
    "forderte", "fordert", "sprach", "schrieb", "schreibt", "berichtete", "berichtet", "erzählt",
    "erzählte", "fragte", "fragt", "antwortete", "antwortet", "räumte", "ergänzte", "ergänzt",
    "unterstrich", "bekräftigte", "versicherte", "mahnte", "sagte:", "bilanzierte", "resümierte",
    "zitiert", "beklagte", "klagte", "verspricht", "versprach", "stellte", "teilte",
];

#[rustfmt::skip]
const FR_VERBS: &[&str] = &[
    "déclaré", "déclare", "dit", "affirmé", "affirme", "ajouté", "ajoute", "expliqué", "explique",
    "estimé", "estime", "assuré", "assure", "confié", "confie", "raconte", "raconté", "souligné",
    "souligne", "indiqué", "indique", "lancé", "lance", "répond", "répondu", "résume", "résumé",
    "martèle", "martelé", "insiste", "insisté", "poursuit", "précise", "précisé", "reconnaît",
    "reconnu", "admet", "exclame", "tranche", "tranché", "écrit", "prévient", "prévenu", "déplore",
    "déploré", "regrette", "regretté", "observe", "note", "commente", "commenté", "rappelle",
    "rappelé", "avertit", "averti", "témoigne", "témoigné",
];

#[rustfmt::skip]
const ES_VERBS: &[&str] = &[
    "dijo", "dice", "afirmó", "afirma", "aseguró", "asegura", "señaló", "señala", "explicó",
    "explica", "añadió", "añade", "advirtió", "advierte", "declaró", "declara", "reconoce",
    "reconoció", "recuerda", "recordó", "quejó", "queja", "sostiene", "sostuvo", "indicó",
    "indica", "apuntó", "apunta", "comentó", "comenta", "insistió", "insiste", "manifestó",
    "subrayó", "subraya", "destacó", "destaca", "respondió", "responde", "contó", "cuenta",
    "relata", "relató", "lamentó", "lamenta", "escribió", "escribe", "admitió", "admite",
    "confesó", "confiesa", "sentenció", "resumió", "resume", "agregó", "agrega", "concluyó",
];

/// Subject pronouns that stand for the last-named person.
pub(crate) fn pronoun(word: &str) -> bool {
    matches!(
        word,
        "he" | "she" | "they" | "er" | "sie" | "il" | "elle" | "ils" | "elles" | "él" | "ella"
    )
}

/// Words between a subject and its verb that do not break the link
/// (`has said`, `a déclaré`, `hat gesagt`, `se quejó`, `also said`).
pub(crate) fn auxiliary(word: &str) -> bool {
    matches!(
        word,
        "has"
            | "have"
            | "had"
            | "was"
            | "is"
            | "will"
            | "would"
            | "also"
            | "later"
            | "then"
            | "once"
            | "again"
            | "a"
            | "ont"
            | "avait"
            | "hat"
            | "haben"
            | "hatte"
            | "se"
            | "ha"
            | "han"
            | "had,"
            | "previously"
            | "recently"
            | "simply"
            | "only"
            | "then,"
    )
}

/// Titles and roles written before a name, dropped from the speaker
/// (`Prime Minister Shehbaz Sharif` is `Shehbaz Sharif`).
pub(crate) fn title(word: &str) -> bool {
    let w = word.trim_end_matches('.').to_lowercase();
    titles().contains(w.as_str())
}

#[rustfmt::skip]
const TITLES: &[&str] = &[
    "prime", "minister", "president", "vice", "dr", "mr", "mrs", "ms", "miss", "mx", "professor",
    "prof", "councillor", "councilor", "council", "member", "judge", "district", "u.s", "us",
    "assistant", "attorney", "general", "city", "auditor", "superintendent", "transport", "chief",
    "captain", "senator", "sen", "rep", "representative", "gov", "governor", "mayor", "sir",
    "dame", "lord", "lady", "gen", "colonel", "col", "lt", "secretary", "chancellor", "king",
    "queen", "pope", "father", "rev", "reverend", "sheikh", "state", "deputy", "foreign",
    "interior", "justice", "officer", "inspector", "detective", "sergeant", "sgt", "constable",
    "coach", "manager", "commissioner", "ambassador", "envoy", "spokesman", "spokeswoman",
    "spokesperson", "chairman", "chairwoman", "chair", "director", "ceo", "finance", "health",
    "defence", "defense", "education", "environment", "water", "energy", "first", "opposition",
    "leader", "labour", "conservative", "democrat", "republican", "federal", "high", "supreme",
    "court", "police", "army", "navy", "bishop", "archbishop", "cardinal", "rabbi", "imam",
    "rector", "provost", "herr", "frau", "bundeskanzler", "bundeskanzlerin", "kanzler",
    "kanzlerin", "bundesminister", "bundesministerin", "ministerpräsident", "ministerpräsidentin",
    "bürgermeister", "bürgermeisterin", "präsident", "präsidentin", "m", "mme", "mlle", "monsieur",
    "madame", "señor", "señora", "doña", "sr", "sra", "presidente", "presidenta", "ministra",
    "ministro", "alcalde", "alcaldesa",
];

/// Titles written after a name (`Tom Ashworth KC`).
pub(crate) fn title_after(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "KC" | "QC" | "MP" | "MEP" | "PhD" | "MD" | "OBE" | "MBE" | "CBE" | "Esq"
    )
}

/// Capitalised words that begin sentences or name no one: never the
/// start of a name.
pub(crate) fn not_name(word: &str) -> bool {
    let w = word.to_lowercase();
    not_names().contains(w.as_str()) || pronoun(&w)
}

#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "but", "and", "or", "as", "asked", "after", "before",
    "when", "while", "if", "for", "with", "without", "by", "from", "to", "of", "this", "that",
    "these", "those", "it", "its", "his", "her", "their", "our", "my", "we", "i", "you", "there",
    "here", "then", "now", "still", "yet", "so", "some", "many", "most", "more", "all", "both",
    "each", "every", "no", "not", "one", "two", "three", "other", "others", "another", "according",
    "however", "meanwhile", "also", "even", "only", "just", "back", "outside", "inside", "earlier",
    "later", "today", "tonight", "yesterday", "tomorrow", "last", "next", "first", "among",
    "despite", "since", "until", "like", "unlike", "what", "who", "whose", "which", "whatever",
    "whoever", "where", "why", "how", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen",
    "einem", "einer", "auch", "am", "im", "nach", "für", "mit", "zu", "bei", "aus", "wie", "wir",
    "ich", "man", "es", "nicht", "doch", "dabei", "laut", "so", "le", "la", "les", "un", "une",
    "des", "du", "au", "aux", "dans", "pour", "avec", "sur", "selon", "pour", "chez", "tous",
    "tout", "ce", "cette", "mais", "et", "el", "los", "las", "una", "unos", "en", "con", "por",
    "para", "según", "sobre", "ya", "antes", "ahora", "sin", "tras", "también", "pero", "y", "e",
    "o", "lo", "al", "del", "ihre", "ihr", "seine", "sein", "unser", "unsere", "mein", "meine",
    "son", "sa", "ses", "leur", "leurs", "notre", "su", "sus", "nuestro", "nuestra", "your", "him",
];

/// Prepositions: a name right after one is not a sentence's subject
/// (`in a café near King's Cross, the novelist…`).
pub(crate) fn preposition(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "in" | "near"
            | "at"
            | "on"
            | "from"
            | "to"
            | "of"
            | "for"
            | "with"
            | "by"
            | "about"
            | "into"
            | "across"
            | "through"
            | "over"
            | "under"
            | "after"
            | "before"
            | "behind"
            | "beside"
            | "between"
            | "outside"
            | "inside"
            | "around"
            | "against"
            | "toward"
            | "towards"
            | "via"
            | "than"
            | "like"
            | "à"
            | "dans"
            | "en"
            | "nach"
            | "bei"
            | "mit"
            | "aus"
            | "zu"
            | "vom"
            | "im"
            | "am"
            | "für"
            | "con"
            | "por"
            | "para"
            | "desde"
            | "hacia"
            | "sur"
            | "chez"
            | "vers"
            | "avec"
            | "auf"
            | "an"
            | "über"
    )
}

/// Determiners that open a role written without a name (`a ministry
/// spokesman`, `The foundation`, `Ein Sprecher`).
pub(crate) fn determiner(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "a" | "an"
            | "the"
            | "its"
            | "his"
            | "her"
            | "their"
            | "ein"
            | "eine"
            | "der"
            | "die"
            | "das"
            | "le"
            | "la"
            | "les"
            | "un"
            | "une"
            | "el"
            | "los"
            | "las"
            | "una"
    )
}

/// Conjunctions: `…and urged passengers` carries the sentence's subject.
pub(crate) fn conjunction(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "and" | "but" | "or" | "und" | "et" | "y" | "e" | "aber" | "mais" | "pero"
    )
}

/// Capitalised words that show a name is an organisation or a place, not
/// a person: such names are never "the last-named person".
pub(crate) fn org_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "town"
            | "city"
            | "council"
            | "ministry"
            | "university"
            | "party"
            | "office"
            | "police"
            | "grid"
            | "wales"
            | "authority"
            | "institute"
            | "foundation"
            | "court"
            | "group"
            | "bank"
            | "club"
            | "government"
            | "department"
            | "agency"
            | "company"
            | "news"
            | "times"
            | "post"
            | "wire"
            | "sport"
            | "bbc"
            | "reuters"
            | "league"
            | "association"
            | "hall"
            | "street"
            | "river"
            | "valley"
            | "house"
            | "school"
            | "hospital"
            | "station"
            | "party's"
            | "prize"
            | "fc"
            | "united"
            | "rovers"
    )
}

/// Lower-case words allowed inside a name (`Hans von Storch`,
/// `Transport for Wales`).
pub(crate) fn name_particle(word: &str) -> bool {
    matches!(
        word,
        "von"
            | "van"
            | "der"
            | "den"
            | "de"
            | "del"
            | "della"
            | "da"
            | "di"
            | "du"
            | "la"
            | "le"
            | "bin"
            | "al"
            | "ibn"
            | "y"
            | "of"
            | "for"
            | "dos"
            | "das"
            | "ter"
            | "zu"
    )
}
