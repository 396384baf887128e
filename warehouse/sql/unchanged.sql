-- Articles of _keys already stored with the same text and extractor version.
SELECT k.article_id
FROM _keys k JOIN articles a USING (article_id)
WHERE a.text_sha256 = k.text_sha256 AND a.extractor_version = k.extractor_version;
