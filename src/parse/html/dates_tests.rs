//! The date forms `dates` reads, as tables.

use super::*;

#[test]
fn languages() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let cases = [
        ("19. November 2019, 10:31 Uhr", "de", d(2019, 11, 19)),
        ("입력 2019년 11월 19일 오전 10:00", "ko", d(2019, 11, 19)),
        ("2019年11月19日 10時", "ja", d(2019, 11, 19)),
        ("19 de novembro de 2019", "pt-BR", d(2019, 11, 19)),
        ("19 ноября 2019 г., 10:00", "ru", d(2019, 11, 19)),
        ("Published November 19, 2019", "en", d(2019, 11, 19)),
        ("05/10/2018", "en-GB", d(2018, 10, 5)),
        ("05/10/2018", "en-US", None),
        ("19.11.2019", "de", d(2019, 11, 19)),
        ("19.nov.2019 às 22h30", "pt-BR", d(2019, 11, 19)),
        ("기사입력 2019.11.19 10:00", "ko", d(2019, 11, 19)),
        ("19 listopada 2019", "pl", d(2019, 11, 19)),
        ("Opublikowano: 3 października 2019", "pl", d(2019, 10, 3)),
        ("1er janvier 2020", "fr", d(2020, 1, 1)),
        ("jeudi 13 juin 2019", "fr", d(2019, 6, 13)),
        ("13 de junio de 2019", "es", d(2019, 6, 13)),
        ("19. května 2019", "cs", d(2019, 5, 19)),
        ("19 maart 2019", "nl", d(2019, 3, 19)),
        ("2019. november 19.", "hu", d(2019, 11, 19)),
        ("Von: Björn Jahner | 31.10.23", "de", d(2023, 10, 31)),
        ("Patch 4.47.4", "de", None),
        // English written day first, as British pages do.
        ("8 July 2020", "en-GB", d(2020, 7, 8)),
        ("27 October 2019", "en", d(2019, 10, 27)),
    ];
    for (text, lang, want) in cases {
        assert_eq!(find_date(text, lang), want, "{text}");
    }
    assert_eq!(
        machine_date("2019-11-19T23:30:00-05:00", "en"),
        d(2019, 11, 19)
    );
    assert_eq!(machine_date("2019", "en"), None, "a year is no day");
}

#[test]
fn labelled() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let cases = [
        (
            "Letzte Änderung: 31.10.2023 - 14:49 Erschienen am: 01.11.2023 Lesungen: 61",
            "de",
            d(2023, 11, 1),
        ),
        ("Pressemitteilung vom 20.01.2022", "de", d(2022, 1, 20)),
        ("Mise en ligne 23 mai 2019", "fr", d(2019, 5, 23)),
        ("Opublikowano: 19 listopada 2019", "pl", d(2019, 11, 19)),
        ("Published on March 3, 2020 by Jo", "en", d(2020, 3, 3)),
        ("Datenschutz und Impressum 2019", "de", None),
        ("Published in the spring issue, 12 pages, 2019", "en", None),
        (
            "This entry was posted on Wednesday, May 19th, 2010 at 11:03 pm and is filed under",
            "en",
            d(2010, 5, 19),
        ),
        (
            "Literatur und Typografie wurde am 19. Mai 2010 um 23:03 Uhr gepostet und unter",
            "",
            d(2010, 5, 19),
        ),
        (
            "Das Gesetz wurde am 3. Mai 2019 im Bundestag beschlossen",
            "de",
            None,
        ),
    ];
    for (text, lang, want) in cases {
        assert_eq!(labelled_date(text, lang), want, "{text}");
    }
}

#[test]
fn changed() {
    let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    let cases = [
        ("Letzte Änderung: 14.01.2022 um 09:25", "de", d(2022, 1, 14)),
        ("Aktualisiert am 17.01.2021.", "de", d(2021, 1, 17)),
        (
            "Diese Seite wurde zuletzt am 29. Januar 2020 um 13:22 Uhr geändert.",
            "de",
            d(2020, 1, 29),
        ),
        (
            "This page was last edited on 3 May 2021, at 10:12",
            "en",
            d(2021, 5, 3),
        ),
        ("Updated: March 3, 2020", "en", d(2020, 3, 3)),
        ("Wir haben die Preise zuletzt 2019 geändert", "de", None),
    ];
    for (text, lang, want) in cases {
        assert_eq!(change_date(text, lang), want, "{text}");
    }
}
