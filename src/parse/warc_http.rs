//! The HTTP message inside a WARC `response` record, decoded as a browser
//! would: status line and headers, chunked transfer encoding, then
//! `Content-Encoding` gzip, deflate or br — every step bounded, so a
//! compression bomb costs at most the limit.

use std::io::Read;

pub struct Http<'a> {
    pub status: u16,
    pub content_type: String,
    chunked: bool,
    encoding: String,
    body: &'a [u8],
}

/// `None` when the bytes are not an HTTP response.
pub fn parse_response(bytes: &[u8]) -> Option<Http<'_>> {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| {
            bytes
                .windows(2)
                .position(|w| w == b"\n\n")
                .map(|i| (i, i + 2))
        })?;
    let head = String::from_utf8_lossy(bytes.get(..end.0)?);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let mut http = Http {
        status,
        content_type: String::new(),
        chunked: false,
        encoding: String::new(),
        body: bytes.get(end.1..)?,
    };
    for line in lines {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim().to_lowercase(), v.trim());
        match k.as_str() {
            "content-type" => http.content_type = v.to_string(),
            "transfer-encoding" => http.chunked = v.to_lowercase().contains("chunked"),
            "content-encoding" => http.encoding = v.to_lowercase(),
            _ => {}
        }
    }
    Some(http)
}

/// The entity body, de-chunked and decompressed, at most `limit` bytes.
pub fn decode_body(http: &Http, limit: u64) -> Result<Vec<u8>, String> {
    let raw = if http.chunked {
        dechunk(http.body)?
    } else {
        http.body.to_vec()
    };
    let mut out = Vec::new();
    let read = match http.encoding.as_str() {
        "" | "identity" => return Ok(raw),
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(raw.as_slice())
            .take(limit + 1)
            .read_to_end(&mut out),
        "deflate" => {
            // Servers send both zlib-wrapped and raw deflate under this name.
            let zlib = flate2::read::ZlibDecoder::new(raw.as_slice())
                .take(limit + 1)
                .read_to_end(&mut out);
            if zlib.is_err() {
                out.clear();
                flate2::read::DeflateDecoder::new(raw.as_slice())
                    .take(limit + 1)
                    .read_to_end(&mut out)
            } else {
                zlib
            }
        }
        "br" => brotli::Decompressor::new(raw.as_slice(), 4096)
            .take(limit + 1)
            .read_to_end(&mut out),
        other => return Err(format!("unknown Content-Encoding {other}")),
    };
    read.map_err(|e| e.to_string())?;
    if out.len() as u64 > limit {
        return Err("body inflates past the record limit".into());
    }
    Ok(out)
}

/// Chunked transfer encoding: `size-in-hex CRLF data CRLF … 0 CRLF CRLF`.
fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = body
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("chunk size line without CRLF")?;
        let size_line = String::from_utf8_lossy(body.get(..eol).unwrap_or_default());
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| format!("bad chunk size {size_hex:?}"))?;
        body = body.get(eol + 2..).unwrap_or_default();
        if size == 0 {
            return Ok(out);
        }
        let chunk = body.get(..size).ok_or("chunk shorter than its size")?;
        out.extend_from_slice(chunk);
        body = body.get(size..).unwrap_or_default();
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_gzip() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"<p>hello</p>").unwrap();
        let gz = gz.finish().unwrap();
        let (a, b) = gz.split_at(5);
        let mut msg = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        msg.extend(format!("{:x}\r\n", a.len()).as_bytes());
        msg.extend(a);
        msg.extend(format!("\r\n{:x}\r\n", b.len()).as_bytes());
        msg.extend(b);
        msg.extend(b"\r\n0\r\n\r\n");
        let http = parse_response(&msg).unwrap();
        assert_eq!(decode_body(&http, 1000).unwrap(), b"<p>hello</p>");
        assert!(decode_body(&http, 5).is_err());
    }
}
