//! Lines of page furniture that sit inside the story's own container, where
//! class names cannot tell them apart: "Read also" pointers, share and ad
//! labels, image credits — in the languages of the archive's pages.

use std::sync::LazyLock;

use regex::Regex;

/// Lines that are furniture wherever they appear (compared lowercase, without
/// surrounding punctuation).
const LINES: &[&str] = &[
    "advertisement",
    "skip advertisement",
    "continue reading the main story",
    "story continues below advertisement",
    "supported by",
    "share this article",
    "share",
    "read more",
    "related",
    "related articles",
    "related stories",
    "related content",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "most read",
    "most popular",
    "more stories",
    "more news",
    "related searches",
    "next article",
    "previous article",
    "next post",
    "previous post",
    "download pdf",
    "latest news",
    "latest stories",
    "top stories",
    "most viewed",
    "trending",
    "trending now",
    "editor's picks",
    "don't miss",
    "more on this story",
    "sign up",
    "listen to this article",
    "listen to this story",
    "listen to article",
    "image",
    "enlarge this image",
    "toggle caption",
    "hide caption",
    "loading",
    "share this",
    "share this story",
    "share this post",
    "share on facebook",
    "share on twitter",
    "facebook",
    "twitter",
    "x",
    "email",
    "e-mail",
    "whatsapp",
    "linkedin",
    "pinterest",
    "reddit",
    "print",
    "copy link",
    "back to top",
    "permalink",
    "sorted by",
    "publicidade",
    "publicidad",
    "publicité",
    "pubblicità",
    "anzeige",
    "werbung",
    "reklama",
    "реклама",
    "광고",
    "広告",
    // German
    "weitere artikel",
    "weitere beiträge",
    "meist gelesen",
    "meistgelesen",
    "meist gelesene artikel",
    "viel gelesen",
    "empfohlene beiträge",
    "empfehlungen",
    "mehr zum thema",
    "das könnte sie auch interessieren",
    "das könnte dich auch interessieren",
    "lesen sie auch",
    "auch interessant",
    "verwandte themen",
    "verwandte themenbereiche",
    "verwandte artikel",
    "ähnliche artikel",
    "ähnliche beiträge",
    "mehr erfahren",
    "nächster artikel",
    "vorheriger artikel",
    "vorschau auf den nächsten artikel",
    "pdf herunterladen",
    "als pdf herunterladen",
    "pressemitteilung als pdf",
    "teilen",
    "drucken",
    "merken",
    "artikel teilen",
    "artikel bewerten",
    "war der artikel nützlich?",
    "möchten sie den artikel teilen?",
    "keine kommentare",
    "kommentare",
    "bild anzeigen",
    "kommentieren",
    "bild schließen",
    "bild anzeigen bild schließen",
    "artikel anhören",
    "artikel vorlesen",
    "vorlesen",
    "bild vergrößern",
    "externer inhalt",
    "zurück",
    "zurück zur startseite",
    "zurück zur übersicht",
    "zurück zur vorherigen seite",
    "nach oben",
    // Polish, French, Spanish, Portuguese, Italian
    "zobacz także",
    "zobacz też",
    "czytaj też",
    "czytaj także",
    "polecamy",
    "udostępnij",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "sur le même sujet",
    "partager",
    "permalien",
    "article suivant",
    "article précédent",
    "écouter cet article",
    "écouter l'article",
    "le puede interesar",
    "te puede interesar",
    "lee también",
    "vea también",
    "noticias relacionadas",
    "compartir",
    "artículo siguiente",
    "artículo anterior",
    "escucha esta nota",
    "escucha esta nota aquí",
    "escuchar esta nota",
    "escucha la noticia",
    "escuchar noticia",
    "ouvir notícia",
    "ouça esta notícia",
    "ascolta l'articolo",
    "posłuchaj artykułu",
    "leia também",
    "leia mais",
    "veja também",
    "saiba mais",
    "leggi anche",
];

/// Short lines starting so are pointers to other pages.
const PREFIXES: &[&str] = &[
    "read more:",
    "related:",
    "see also:",
    "read also:",
    "also read:",
    "read next:",
    "watch:",
    "recommended:",
    "lesen sie auch",
    "lesen sie mehr",
    "auch lesen:",
    "weiterlesen:",
    "zum weiterlesen",
    "mehr zum thema:",
    "mehr dazu:",
    "siehe auch:",
    "zobacz także",
    "zobacz też",
    "zobacz również",
    "czytaj też",
    "czytaj także",
    "czytaj również",
    "czytaj więcej",
    "przeczytaj też",
    "przeczytaj także",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "voir aussi",
    "le puede interesar",
    "te puede interesar",
    "también te puede interesar",
    "lee también",
    "lea también",
    "vea también",
    "ver también",
    "mire:",
    "leia também",
    "leia mais",
    "veja também",
    "leggi anche",
    "lees ook",
];

/// Words that introduce an image credit, in the archive's languages
/// (`Foto:`, `Bild:`, `Kuva:`, `Zdjęcie:`, `Imagen:`, `Photo:`).
const CREDIT_WORDS: &str = "fotos?|foto-?credits?|bild(?:er|quelle)?|bildrechte|quelle|photos?|photograph|\
    credits?(?: photos?)?|crédits?(?: photos?)?|créditos?|imagen|image|kuva|zdjęcie|zdjęcia|źródło|fot\\.";

/// An image credit on a line of its own: `Foto: dpa`, `(Bild: Jahr Media)`,
/// `Photo: Reuters`, `Crédits photos : Bestimage`, `Kuva: …`.
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\(?\s*(?:(?:{CREDIT_WORDS}|copyright|©)\s*:|fot\.\s)"
    ))
    .expect("valid regex")
});
/// A credit at the end of a caption: `… angekommen. (Foto: Privat)`.
static TRAILING_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\s*\((?:{CREDIT_WORDS})\s*:[^()]{{1,80}}\)\s*$"
    ))
    .expect("valid regex")
});
/// A credit after a caption's last sentence: `… erneuert. Foto: Stadtwerke`,
/// `… kanssa. Kuva: ALEXANDER BECHER`, `… Roman Prymula, photo: ČTK`.
static AFTER_SENTENCE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?:([.!?…])\s+(?:{CREDIT_WORDS})\s*:?|(,)\s+(?:{CREDIT_WORDS})\s*:)\s+[^.!?]{{1,60}}$"
    ))
    .expect("valid regex")
});
/// A blog post's footer lines: WordPress's "This entry was posted in …",
/// a comment count alone (`0 Kommentare`, `No comments (…)`), the comment
/// form's prompt and its log-in notice (WordPress's wording in the
/// archive's languages), a permalink.
static POST_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:this entry was posted\b|(?:\d+|no|keine|brak|sin|aucun)\s+(?:comments?|kommentare?|komentarzy|comentarios?|commentaires?)\s*(?:\(.*\))?[.:]?$|(?:leave|post|write|add) (?:a|your) (?:comment|reply)\b|(?:schreibe|hinterlasse|verfasse) (?:einen|deinen) kommentar\b|permalink\s*:|(?:you must be logged in to (?:post|leave) a comment|(?:sie müssen|du musst) (?:sich |dich )?(?:angemeldet sein|einloggen|anmelden),? um (?:einen kommentar (?:zu )?(?:schreiben|abzugeben|verfassen|hinterlassen)|(?:zu )?kommentieren|sich an (?:der|einer) diskussion (?:zu )?beteiligen(?: zu können)?)|vous devez être connecté pour (?:publier|poster|laisser) un commentaire|debes (?:iniciar sesión|estar conectado|registrarte) para (?:publicar|dejar|escribir) un comentario|musisz (?:się zalogować|być zalogowany),? (?:aby|żeby) (?:móc )?(?:dodać|opublikować|napisać) komentarz)\W*$)",
    )
    .expect("valid regex")
});
/// Agencies and picture libraries named alone on a credit line.
const PICTURE_AGENCIES: &[&str] = &[
    "getty images",
    "getty",
    "ap photo",
    "afp",
    "reuters",
    "dpa",
    "epa",
    "imago",
    "shutterstock",
    "istock",
    "picture alliance",
    "picture-alliance",
    "rex",
    "rex features",
];

/// The line as kept in the body: `None` when it is furniture; a caption
/// loses a trailing image credit.
pub fn clean_line(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let bare = lower.trim_matches(|c: char| c.is_whitespace() || ":.-–|•·»›".contains(c));
    let short = lower.chars().count() < 200;
    if LINES.contains(&bare)
        || (short && PREFIXES.iter().any(|p| lower.starts_with(p)))
        || (short && CREDIT.is_match(&lower))
        || (short && POST_FOOTER.is_match(&lower))
        || PICTURE_AGENCIES.contains(&bare)
        || (bare.starts_with('©') && short)
    {
        return None;
    }
    match TRAILING_CREDIT.find(line) {
        Some(m) if m.start() > 0 => Some(line[..m.start()].trim_end().to_string()),
        _ => match AFTER_SENTENCE_CREDIT.captures(line) {
            // The sentence keeps its full stop; a credit after a comma
            // takes the comma with it.
            Some(c) if short => {
                let end = match (c.get(1), c.get(2)) {
                    (Some(stop), _) => stop.end(),
                    (None, Some(comma)) => comma.start(),
                    (None, None) => line.len(),
                };
                Some(line[..end].to_string())
            }
            _ => Some(line.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::clean_line;

    #[test]
    fn credits_and_pointers_go() {
        for line in [
            "Foto: dpa",
            "(Bild: Jahr Media)",
            "Crédits photos : Bestimage",
            "Kuva: ALEXANDER BECHER",
            "Fot. PAP/Tytus Żmijewski",
            "GETTY IMAGES",
            "Lesen Sie auch: Der Winter kommt früh",
            "Zobacz także",
            "- Anzeige -",
            "À lire aussi",
            "This entry was posted in Allgemein. Bookmark the permalink.",
            "0 Kommentare",
            "Keine Kommentare (Kommentare erscheinen erst nach unserer Freigabe)",
            "Schreibe einen Kommentar:",
            "Leave a Reply",
            "Permalink: https://example.org/news/2021/story.php",
            "ESCUCHA ESTA NOTA AQUÍ",
            "Bild anzeigen Bild schließen",
            "Artikel anhören",
            "Kommentieren",
            "Verwandte Themenbereiche",
            "Pressemitteilung als PDF",
            "You must be logged in to post a comment.",
            "Sie müssen sich einloggen, um sich an einer Diskussion beteiligen zu können.",
            "Du musst angemeldet sein, um einen Kommentar abzugeben.",
            "Vous devez être connecté pour publier un commentaire.",
            "Debes iniciar sesión para publicar un comentario.",
        ] {
            assert_eq!(clean_line(line), None, "{line}");
        }
    }

    #[test]
    fn story_lines_stay() {
        for caption in [
            "Die Mannschaft am Ziel. (Foto: Privat)",
            "Die Mannschaft am Ziel. Foto: Verein",
            "Die Mannschaft am Ziel. Kuva: ALEXANDER BECHER",
            "Die Mannschaft am Ziel. (Zdjęcie: PAP)",
        ] {
            assert_eq!(
                clean_line(caption).as_deref(),
                Some("Die Mannschaft am Ziel.")
            );
        }
        for line in [
            "Photographers waited outside the court for hours.",
            "Quellen zufolge verhandelt die Regierung seit Wochen.",
            "Reuters reported the deal on Monday, citing two sources.",
            "No comments were made by the minister after the vote.",
            "Leave a light on for the last bus, the driver said.",
            "Sie müssen sich anmelden, sagte der Beamte, dann sei alles gut.",
            "Sie müssen sich anmelden: Die Zahl der Plätze für die Diskussionsrunde im großen Saal ist auf fünfzig begrenzt.",
        ] {
            assert_eq!(clean_line(line).as_deref(), Some(line));
        }
        assert_eq!(
            clean_line("Roman Prymula, photo: ČTK").as_deref(),
            Some("Roman Prymula")
        );
        // Without the colon, a comma is a sentence's, not a credit's.
        let line = "The award went to Ana Ruiz, photo editor of the year";
        assert_eq!(clean_line(line).as_deref(), Some(line));
    }
}
