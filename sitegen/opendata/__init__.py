"""Open data: the site's declarations as files a reader can download and reuse.

- ``records``: a declaration -> its record (exact amounts as strings, ISO dates);
- ``tables``: the CSV tables (projects, indicators, corrections) and their Table
  Schemas, from one list of columns each;
- ``package``: the files of a build (data/*.csv, data/projects.json, a JSON file
  beside each project page, datapackage.json) and the downloads page's view;
- ``workbook``: data/projects.xlsx, made of pieces compressed apart.
"""

from sitegen.opendata.package import (DATA_PAGE_URL, data_files, data_view, frames, ident, part_key, project_json,
                                      project_json_path, project_part, record_part)

__all__ = ["DATA_PAGE_URL", "data_files", "data_view", "frames", "ident", "part_key", "project_json",
           "project_json_path", "project_part", "record_part"]
