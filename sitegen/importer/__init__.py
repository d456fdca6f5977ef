"""``sitegen import``: the official form's text (or PDF) becomes content files.

The pipeline, one module per step:

    decode / pdf   bytes -> text lines (encodings, CRLF, form feeds; a PDF's text layer)
    split          lines -> one part per declaration (heading 财政项目支出绩效目标申报表)
    cells          lines -> cells, rejoining the form's broken words
    extract        a part -> its four blocks, read by:
      fields         项目名称 … 计划完成日期
      funds          项目资金: annual and project columns
      goal           项目总目标 / 年度总体目标
      indicators     the 绩效指标 table
    emit           a draft -> the content file's text
    files          plan, verify through sitegen.schema, write
    report         what was read, written, left unused
    cli            the argparse subcommand
"""


def __getattr__(name: str):
    # sitegen.importer.import_files, loaded when first asked for: `sitegen build`
    # registers the import command without loading the importer
    if name == "import_files":
        from sitegen.importer.run import import_files

        return import_files
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["import_files"]
