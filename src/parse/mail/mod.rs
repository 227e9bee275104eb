//! E-mail: one message (`.eml`) or a mailbox of them (`.mbox`, `mbox`).
//!
//! MIME, encodings and charsets are `mail-parser`'s job; what is ours is
//! the article: the `Subject` without its `Re:`/`Fwd:` chain as the title,
//! the sender's name (else address) as the author, the `Date` header's day
//! as an explicit date, the text part (else the HTML part as text) as the
//! body, with quoted replies kept and the signature after `-- ` dropped.
//! Attachments atlas reads become articles of their own (`attach`); the
//! others are listed on the message (`Article::attachments`).

pub(crate) mod attach;
pub(crate) mod mbox;

use std::io::{BufRead, Read};

use mail_parser::{MessageParser, PartType};

use super::header::Meta;
use super::{Draft, Event, Item, SkipReason};
use crate::article::Attachment;

pub(crate) use attach::read_attachment;

/// MIME parts in one message at most: a message has a handful; ten
/// thousand are a trap, and each would cost an attachment's work.
const MAX_PARTS: usize = 1_000;

/// A message and the attachments listed on it (not read as articles).
pub(crate) struct Mail {
    pub item: Item,
    pub listed: Vec<Attachment>,
}

/// The reader of a `.eml` file: one message, its attachments `path/name`.
pub(crate) fn read_eml(
    _rel_path: &str,
    input: &mut dyn BufRead,
    emit: &mut dyn FnMut(Event),
) -> Result<(), SkipReason> {
    let mut bytes = Vec::new();
    (&mut *input)
        .take(mbox::MAX_MESSAGE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| SkipReason::BadDocument(format!("cannot read the message: {e}")))?;
    if bytes.len() as u64 > mbox::MAX_MESSAGE_BYTES {
        return Err(SkipReason::TooLarge {
            size: bytes.len() as u64,
            limit: mbox::MAX_MESSAGE_BYTES,
        });
    }
    message(&bytes, None, emit)
}

/// One message: its article (`fragment` is its number in a mailbox), then
/// its readable attachments, emitted for the format seam to read.
pub(crate) fn message(
    raw: &[u8],
    fragment: Option<&str>,
    emit: &mut dyn FnMut(Event),
) -> Result<(), SkipReason> {
    let message = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| SkipReason::BadDocument("not a readable e-mail message".to_string()))?;
    if message.from().is_none() && message.subject().is_none() && message.date().is_none() {
        return Err(SkipReason::BadDocument(
            "not an e-mail message (no From, Subject or Date header)".to_string(),
        ));
    }
    if message.parts.len() > MAX_PARTS {
        return Err(SkipReason::BadDocument(format!(
            "e-mail with {} MIME parts (more than {MAX_PARTS}: not read)",
            message.parts.len()
        )));
    }
    let date = message
        .date()
        .and_then(|d| chrono::NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()));
    let authors = message
        .from()
        .and_then(|from| from.first())
        .and_then(|a| {
            let name = a.name().map(str::trim).filter(|n| !n.is_empty());
            name.or(a.address().map(str::trim))
                .filter(|n| !n.is_empty())
                .map(str::to_string)
        })
        .into_iter()
        .collect();
    let mut body = String::new();
    for &i in &message.text_body {
        let text = match message.parts.get(i as usize).map(|p| &p.body) {
            Some(PartType::Text(text)) => text.to_string(),
            Some(PartType::Html(html)) => super::xml::html_text(html)?,
            _ => continue,
        };
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        body.push_str(&without_signature(&text));
    }
    let (readable, listed) = attach::sort(&message, fragment, date);
    let item = Item {
        fragment: fragment.map(str::to_string),
        draft: Draft {
            meta: Meta {
                title: message.subject().map(base_subject),
                authors,
                date: date.map(|d| d.format("%Y-%m-%d").to_string()),
                ..Meta::default()
            },
            body,
            ..Draft::default()
        },
    };
    emit(Event::Mail(Box::new(Mail { item, listed })));
    for attachment in readable {
        emit(Event::Attachment(Box::new(attachment)));
    }
    Ok(())
}

/// The subject without its reply and forward prefixes (`Re: Fwd: RE:
/// [ext] Re[2]:`), as a thread's messages share it.
fn base_subject(subject: &str) -> String {
    let mut s = subject.trim();
    loop {
        let lower = s.to_lowercase();
        let prefix = [
            "re", "fwd", "fw", "aw", "wg", "sv", "vs", "tr", "rif", "r", "antw",
        ]
        .iter()
        .find_map(|p| {
            let rest = lower.strip_prefix(p)?;
            // `Re[2]:` and `Re(2):` count replies.
            let rest = match rest.strip_prefix(['[', '(']) {
                Some(r) => r
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .strip_prefix([']', ')'])?,
                None => rest,
            };
            let rest = rest.trim_start().strip_prefix(':')?;
            Some(lower.len() - rest.len())
        });
        match prefix {
            Some(len) => s = s.get(len..).unwrap_or("").trim_start(),
            None => return s.to_string(),
        }
    }
}

/// The text without its signature: from a `-- ` line (RFC 3676's
/// delimiter) to the next quoted line or the end. Quoted replies stay.
fn without_signature(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_signature = false;
    for line in text.lines() {
        let bare = line.trim_end_matches('\r');
        if bare == "-- " || bare == "--" {
            in_signature = true;
            continue;
        }
        if in_signature && bare.starts_with('>') {
            in_signature = false;
        }
        if !in_signature {
            out.push(bare);
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_lose_their_reply_chains() {
        assert_eq!(base_subject("Re: Fwd: RE: Budget vote"), "Budget vote");
        assert_eq!(base_subject("Re[2]: AW: Budget"), "Budget");
        assert_eq!(base_subject("Regarding the vote"), "Regarding the vote");
        assert_eq!(base_subject("Fwd:"), "");
    }

    #[test]
    fn signatures_go_and_quotes_stay() {
        let text =
            "Thanks, see below.\n-- \nJane Doe\nCity Desk\n\n> The vote is on Monday.\n> Tom";
        assert_eq!(
            without_signature(text),
            "Thanks, see below.\n> The vote is on Monday.\n> Tom"
        );
    }
}
