//! Mailboxes (`.mbox`, and files without an extension that start with a
//! `From ` line): split into messages as a stream, each bounded, so a
//! mailbox of any size is read in the memory of its largest message.

use std::io::{BufRead, Read};

use super::super::{Event, Skip, SkipReason};

/// One message of a mailbox at most (its attachments included).
pub(crate) const MAX_MESSAGE_BYTES: u64 = 128 * 1024 * 1024;
/// A line is read in pieces of at most this (a body with no line breaks
/// costs no more).
const MAX_LINE_BYTES: u64 = 1024 * 1024;

/// Whether `bytes` open with an mbox `From ` line (`From sender date`)
/// followed by a mail header: how a mailbox without an extension is known.
pub(crate) fn looks_like_mbox(bytes: &[u8]) -> bool {
    let Some(rest) = bytes.strip_prefix(b"From ") else {
        return false;
    };
    let mut lines = rest.split(|&b| b == b'\n');
    let first = lines.next().unwrap_or_default();
    // The sender is one word; a date follows it.
    let sender_and_date = first
        .iter()
        .position(|&b| b == b' ')
        .is_some_and(|at| at > 0)
        && first.iter().filter(|b| b.is_ascii_digit()).count() >= 4;
    let header = lines.next().is_some_and(|line| {
        let name_end = line.iter().position(|&b| b == b':').unwrap_or(0);
        name_end > 0
            && line[..name_end]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
    });
    sender_and_date && header
}

/// The streaming reader: each message as `super::message` reads it, with
/// the id `path#N` (N counts messages from 1); a message that cannot be
/// read is skipped on its own.
pub(crate) fn read(
    rel_path: &str,
    input: &mut dyn BufRead,
    emit: &mut dyn FnMut(Event),
) -> Result<(), SkipReason> {
    let mut n = 0usize;
    let mut message: Vec<u8> = Vec::new();
    let mut size = 0u64;
    let mut line = Vec::new();
    let mut at_line_start = true;
    let mut after_blank = true;
    loop {
        line.clear();
        let read = (&mut *input)
            .take(MAX_LINE_BYTES)
            .read_until(b'\n', &mut line)
            .map_err(|e| SkipReason::BadDocument(format!("cannot read the mailbox: {e}")))?;
        if read == 0 {
            break;
        }
        let starts_line = at_line_start;
        at_line_start = line.ends_with(b"\n");
        if starts_line && after_blank && line.starts_with(b"From ") {
            if n > 0 {
                finish(rel_path, n, &message, size, emit);
            }
            n += 1;
            message.clear();
            size = 0;
            after_blank = false;
            continue;
        }
        if n == 0 {
            if line.iter().any(|b| !b.is_ascii_whitespace()) {
                return Err(SkipReason::BadDocument(
                    "not a mailbox: it does not start with a `From ` line".to_string(),
                ));
            }
            continue;
        }
        after_blank = starts_line && (line == b"\n" || line == b"\r\n");
        size += line.len() as u64;
        if size > MAX_MESSAGE_BYTES {
            // Counted on, not held: the message is skipped when it ends.
            message = Vec::new();
            continue;
        }
        // mboxrd: `>From ` in a body was written for `From `.
        let quoted_from = starts_line && {
            let arrows = line.iter().take_while(|&&b| b == b'>').count();
            arrows > 0 && line.get(arrows..).is_some_and(|r| r.starts_with(b"From "))
        };
        message.extend_from_slice(if quoted_from { &line[1..] } else { &line });
    }
    if n > 0 {
        finish(rel_path, n, &message, size, emit);
    }
    if n == 0 {
        return Err(SkipReason::BadDocument(
            "not a mailbox: no `From ` line".to_string(),
        ));
    }
    Ok(())
}

/// Message `n`, whole: read, or skipped with its reason.
fn finish(rel_path: &str, n: usize, message: &[u8], size: u64, emit: &mut dyn FnMut(Event)) {
    let fragment = n.to_string();
    let result = if size > MAX_MESSAGE_BYTES {
        Err(SkipReason::TooLarge {
            size,
            limit: MAX_MESSAGE_BYTES,
        })
    } else {
        super::message(message, Some(fragment.as_str()), emit)
    };
    if let Err(reason) = result {
        emit(Event::Skip(Skip {
            path: format!("{rel_path}#{n}"),
            reason,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mailbox_is_known_by_its_from_line_and_a_header() {
        assert!(looks_like_mbox(
            b"From jane@example.com Mon Jun 24 10:00:00 2024\nFrom: Jane <jane@example.com>\n"
        ));
        assert!(looks_like_mbox(
            b"From MAILER-DAEMON Thu Jan  1 00:00:00 1970\nReturn-Path: <x@y>\n"
        ));
        // An article that opens with the word.
        assert!(!looks_like_mbox(
            b"From the archives: 1990\nThe flood came.\n"
        ));
        assert!(!looks_like_mbox(b"Title: From here\n"));
    }
}
